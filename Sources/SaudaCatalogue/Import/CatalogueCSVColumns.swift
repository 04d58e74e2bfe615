/// The columns of Sauda's catalogue CSV (docs/catalogue.md#csv). Header names are matched without case.
public enum CatalogueCSVColumns {
    /// The product's SKU or id (also accepted: `sku`). Required.
    public static let id = "id"
    /// The category as a path of names separated by ` > ` (`Коврики > EVA коврики`). Required.
    public static let category = "category"
    /// The product's name. Required.
    public static let name = "name"
    /// The base price, an exact decimal (`8000`, `8 000`, `99.90`). Required.
    public static let price = "price"
    /// A three-letter currency code (`KGS`); empty: the file's first currency or the importer's default.
    public static let currency = "currency"
    /// A longer description.
    public static let description = "description"
    /// `in_stock` / `yes`, `on_order`, `out_of_stock` / `no`; empty: in stock.
    public static let available = "available"
    /// Vehicle fits: `brand|model|years|pattern` entries separated by `;` (``CatalogueListText``).
    public static let fits = "fits"
    /// Options: `name|price change` entries separated by `;`.
    public static let options = "options"
    /// The prefix of a column holding one attribute (`attr:материал`); an empty cell adds no attribute.
    public static let attributePrefix = "attr:"

    /// The columns a file must have.
    public static let required = [id, category, name, price]
    /// Every column with a fixed name, in the order the exporter writes them.
    public static let fixed = [id, category, name, description, price, currency, available, fits, options]
    /// The separator between the names of a category path.
    public static let pathSeparator = " > "
}
