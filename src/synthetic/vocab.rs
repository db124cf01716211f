//! The business vocabulary synthetic names are built from. Lists are ordered
//! most common first: the Zipf samplers give the head of each list most picks.

/// A domain and the nouns its products are typically about.
pub struct DomainWords {
    pub name: &'static str,
    pub nouns: &'static [&'static str],
}

pub const DOMAINS: &[DomainWords] = &[
    DomainWords { name: "sales", nouns: &["orders", "order-lines", "quotes", "opportunities", "carts", "discounts", "price-lists"] },
    DomainWords { name: "customer", nouns: &["customers", "sessions", "profiles", "segments", "consents", "addresses", "complaints"] },
    DomainWords { name: "payments", nouns: &["payments", "refunds", "chargebacks", "transactions", "payouts", "authorisations", "disputes"] },
    DomainWords { name: "logistics", nouns: &["shipments", "deliveries", "parcels", "routes", "carriers", "returns", "tracking-events"] },
    DomainWords { name: "marketing", nouns: &["campaigns", "clicks", "impressions", "leads", "newsletters", "attributions", "coupons"] },
    DomainWords { name: "finance", nouns: &["invoices", "ledger-entries", "budgets", "forecasts", "cost-centres", "accruals", "exchange-rates"] },
    DomainWords { name: "inventory", nouns: &["stock-levels", "products", "warehouses", "replenishments", "stock-movements", "suppliers", "bins"] },
    DomainWords { name: "risk", nouns: &["fraud-scores", "alerts", "exposures", "credit-checks", "limits", "incidents", "sanctions-hits"] },
    DomainWords { name: "hr", nouns: &["employees", "absences", "payroll-runs", "positions", "hires", "trainings", "timesheets"] },
    DomainWords { name: "product", nouns: &["events", "features", "experiments", "page-views", "searches", "reviews", "ratings"] },
    DomainWords { name: "support", nouns: &["tickets", "conversations", "satisfaction-surveys", "escalations", "agents", "calls", "chats"] },
    DomainWords { name: "procurement", nouns: &["purchase-orders", "suppliers", "contracts", "requisitions", "goods-receipts", "tenders", "catalog-items"] },
    DomainWords { name: "pricing", nouns: &["prices", "price-changes", "promotions", "competitor-prices", "markdowns", "elasticities", "tariffs"] },
    DomainWords { name: "fulfillment", nouns: &["picks", "packs", "waves", "fulfillment-orders", "backorders", "slots", "dispatches"] },
    DomainWords { name: "subscriptions", nouns: &["subscriptions", "renewals", "cancellations", "plans", "trials", "upgrades", "usage-records"] },
    DomainWords { name: "loyalty", nouns: &["memberships", "points", "rewards", "redemptions", "tiers", "vouchers", "referrals"] },
    DomainWords { name: "compliance", nouns: &["audits", "policies", "controls", "findings", "retention-holds", "access-reviews", "kyc-checks"] },
    DomainWords { name: "stores", nouns: &["stores", "footfall", "till-receipts", "opening-hours", "store-staff", "shelf-audits", "energy-readings"] },
    DomainWords { name: "iot", nouns: &["sensor-readings", "devices", "telemetry", "firmware-updates", "anomalies", "heartbeats", "geofences"] },
    DomainWords { name: "legal", nouns: &["contracts", "claims", "cases", "trademarks", "notices", "settlements", "counsel-hours"] },
];

/// Qualifiers appended to a noun to name a product.
pub const QUALIFIERS: &[&str] = &[
    "daily", "cleansed", "enriched", "aggregated", "by-store", "by-region", "hourly", "latest",
    "monthly", "curated", "snapshot", "history", "by-customer", "weekly", "deduplicated", "scored",
    "by-channel", "realtime", "by-product", "forecast", "reconciled", "anonymised", "by-country",
    "golden", "staged", "sampled", "by-carrier", "quarterly", "by-cohort", "certified", "by-brand",
    "summary", "detailed", "validated", "by-segment", "backfilled", "conformed", "by-week", "flagged",
    "derived",
];

/// Region suffixes that make product names unique.
pub const REGIONS: &[&str] = &[
    "emea", "us", "eu", "apac", "de", "uk", "fr", "latam", "nl", "es", "it", "jp", "br", "ca",
    "au", "nordics", "in", "mx", "pl", "ch", "at", "be", "se", "sg", "kr", "za", "ie", "pt", "nz",
    "tr",
];

pub const TAGS: &[&str] = &[
    "gold", "pii", "kpi", "batch", "silver", "gdpr", "core", "streaming", "finance-reporting",
    "bronze", "source-aligned", "consumer-aligned", "ml-feature", "sox", "daily", "realtime",
    "customer-360", "certified", "experimental", "dashboard", "regulatory", "revenue", "churn",
    "forecasting", "marketing-attribution", "pci", "legacy", "migration", "self-serve", "sla-critical",
    "retail", "ecommerce", "b2b", "b2c", "cost", "supply-chain", "esg", "audit", "hipaa", "beta",
    "deprecated-soon", "shared", "internal", "external", "partner", "snapshot", "cdc", "lakehouse",
    "warehouse", "reverse-etl",
];

pub const TEAM_KINDS: &[&str] = &[
    "analytics", "data-platform", "insights", "operations", "engineering", "core", "reporting",
    "ml",
];

pub const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Lars", "Maya", "Nikos", "Olga", "Pedro", "Quinn", "Rosa", "Sanjay", "Tara", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carla", "Dmitri", "Emma", "Felix",
];

pub const LAST_NAMES: &[&str] = &[
    "Schmidt", "Okafor", "Garcia", "Novak", "Tanaka", "Dubois", "Rossi", "Kowalski", "Silva",
    "Andersen", "Chen", "Haddad", "Murphy", "Jansen", "Petrov", "Kaur", "Moreau", "Fischer",
    "Lopez", "Nguyen", "Berg", "Costa", "Ivanova", "Yilmaz", "Brown", "Muller", "Sato", "Ortiz",
];

pub const MEMBER_ROLES: &[&str] = &["owner", "data steward", "data engineer", "analyst"];

/// The kind of value a column holds; mapped to logical and physical types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Id,
    Text,
    Code,
    Amount,
    Count,
    Date,
    Timestamp,
    Flag,
}

/// A business column: name, kind and data classification.
pub struct ColumnWord {
    pub name: &'static str,
    pub kind: ColumnKind,
    pub classification: &'static str,
}

const fn col(name: &'static str, kind: ColumnKind, classification: &'static str) -> ColumnWord {
    ColumnWord { name, kind, classification }
}

use ColumnKind::{Amount, Code, Count, Date, Flag, Id, Text, Timestamp};

pub const COLUMNS: &[ColumnWord] = &[
    col("created_at", Timestamp, "internal"),
    col("customer_id", Id, "internal"),
    col("updated_at", Timestamp, "internal"),
    col("currency", Code, "public"),
    col("net_amount", Amount, "internal"),
    col("status", Code, "internal"),
    col("order_id", Id, "internal"),
    col("country_code", Code, "public"),
    col("store_id", Id, "internal"),
    col("product_id", Id, "internal"),
    col("quantity", Count, "internal"),
    col("gross_amount", Amount, "internal"),
    col("tax_amount", Amount, "internal"),
    col("event_date", Date, "internal"),
    col("channel", Code, "internal"),
    col("email", Text, "restricted"),
    col("is_active", Flag, "internal"),
    col("region", Code, "public"),
    col("source_system", Code, "internal"),
    col("discount_amount", Amount, "internal"),
    col("payment_method", Code, "internal"),
    col("sku", Code, "internal"),
    col("customer_name", Text, "confidential"),
    col("phone_number", Text, "restricted"),
    col("postal_code", Code, "confidential"),
    col("city", Text, "internal"),
    col("shipped_at", Timestamp, "internal"),
    col("delivered_at", Timestamp, "internal"),
    col("carrier_code", Code, "internal"),
    col("warehouse_id", Id, "internal"),
    col("unit_price", Amount, "internal"),
    col("cost_amount", Amount, "confidential"),
    col("margin_amount", Amount, "confidential"),
    col("campaign_id", Id, "internal"),
    col("session_id", Id, "internal"),
    col("device_type", Code, "internal"),
    col("is_deleted", Flag, "internal"),
    col("valid_from", Date, "internal"),
    col("valid_to", Date, "internal"),
    col("ingested_at", Timestamp, "internal"),
    col("employee_id", Id, "confidential"),
    col("supplier_id", Id, "internal"),
    col("invoice_number", Code, "internal"),
    col("due_date", Date, "internal"),
    col("paid_at", Timestamp, "internal"),
    col("fraud_score", Amount, "confidential"),
    col("risk_level", Code, "confidential"),
    col("line_count", Count, "internal"),
    col("item_count", Count, "internal"),
    col("page_url", Text, "internal"),
    col("referrer", Text, "internal"),
    col("language", Code, "public"),
    col("birth_date", Date, "restricted"),
    col("iban", Text, "restricted"),
    col("vat_number", Code, "confidential"),
    col("loyalty_tier", Code, "internal"),
    col("points_balance", Count, "internal"),
    col("brand", Text, "public"),
    col("category", Text, "public"),
    col("subcategory", Text, "public"),
    col("weight_kg", Amount, "public"),
    col("latitude", Amount, "confidential"),
    col("longitude", Amount, "confidential"),
    col("comment", Text, "internal"),
    col("reason_code", Code, "internal"),
    col("approved_by", Text, "confidential"),
    col("approved_at", Timestamp, "internal"),
    col("fiscal_year", Count, "internal"),
    col("fiscal_period", Code, "internal"),
    col("cost_centre", Code, "internal"),
    col("gl_account", Code, "internal"),
    col("exchange_rate", Amount, "public"),
    col("amount_eur", Amount, "internal"),
    col("amount_usd", Amount, "internal"),
    col("is_test", Flag, "internal"),
    col("opt_in_marketing", Flag, "confidential"),
    col("ip_address", Text, "restricted"),
    col("user_agent", Text, "internal"),
    col("experiment_id", Id, "internal"),
    col("variant", Code, "internal"),
    col("rating", Count, "internal"),
    col("review_text", Text, "internal"),
    col("ticket_id", Id, "internal"),
    col("priority", Code, "internal"),
    col("resolved_at", Timestamp, "internal"),
    col("sla_breached", Flag, "internal"),
    col("contract_id", Id, "internal"),
    col("plan_code", Code, "internal"),
    col("renewal_date", Date, "internal"),
    col("batch_id", Id, "internal"),
];
