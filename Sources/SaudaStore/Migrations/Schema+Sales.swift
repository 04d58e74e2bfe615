/// What a business sells and who wants it: catalogues and leads.
extension Schema {
    /// Migrations of what a business sells and who wants it.
    static let salesMigrations: [Migration] = [
        // A business's catalogue (SaudaCatalogue), replaced whole by each import. `catalogues` holds one row per
        // business with a revision that every replacement raises, so a running server sees a change by reading it.
        // Rows keep their file order in `position`; a product's attributes are a JSON array of {name, value}.
        (11, "catalogues", """
        CREATE TABLE catalogues (
            tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
            name TEXT NOT NULL,
            currency TEXT NOT NULL,
            currency_unit TEXT NOT NULL,
            currency_digits INTEGER NOT NULL,
            revision {BIGINT} NOT NULL,
            product_count INTEGER NOT NULL,
            updated_at {TS} NOT NULL
        );
        CREATE TABLE catalogue_categories (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            parent_id TEXT,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE TABLE catalogue_products (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            category_id TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            price_minor {BIGINT} NOT NULL,
            currency TEXT NOT NULL,
            currency_unit TEXT NOT NULL,
            currency_digits INTEGER NOT NULL,
            availability TEXT NOT NULL,
            attributes TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX idx_catalogue_products_category ON catalogue_products(tenant_id, category_id);
        CREATE TABLE catalogue_fits (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            product_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            brand TEXT NOT NULL,
            model TEXT NOT NULL,
            year_from INTEGER,
            year_to INTEGER,
            pattern_available {BOOL} NOT NULL,
            PRIMARY KEY (tenant_id, product_id, position)
        );
        CREATE INDEX idx_catalogue_fits_car ON catalogue_fits(tenant_id, brand, model);
        CREATE TABLE catalogue_options (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            product_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            price_change_minor {BIGINT} NOT NULL,
            PRIMARY KEY (tenant_id, product_id, position)
        )
        """),
        // Leads the agent's tools capture (record_lead, place_order, book_call) and operators close (won, lost): one open
        // lead per contact (the partial unique index); a closed lead stays, and a later capture opens a new one.
        // `search_text` is name, phone and need lowercased by the application, because SQLite's LOWER and LIKE fold
        // only ASCII letters and a Russian name must be found whatever its case.
        (12, "leads", """
        CREATE TABLE leads (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            contact_id {BIGINT} NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            name TEXT,
            phone TEXT,
            need TEXT,
            price_quoted TEXT,
            booked_call {TS},
            source TEXT NOT NULL,
            stage TEXT NOT NULL,
            details TEXT NOT NULL,
            search_text TEXT NOT NULL,
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL
        );
        CREATE UNIQUE INDEX idx_leads_open_contact ON leads(contact_id) WHERE stage NOT IN ('won', 'lost');
        CREATE INDEX idx_leads_tenant_updated ON leads(tenant_id, updated_at);
        CREATE INDEX idx_leads_tenant_stage ON leads(tenant_id, stage)
        """),
    ]
}
