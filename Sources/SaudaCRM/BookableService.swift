/// A service a customer can book (a haircut, a consultation), as the CRM lists it.
public struct BookableService: Sendable, Hashable, Codable {
    /// The CRM's id of it.
    public var id: String
    /// Its name, as the business wrote it.
    public var title: String
    /// How long it takes, in minutes, when the CRM says.
    public var durationMinutes: Int?
    /// Its price as the CRM shows it (`5000 ₸`, `от 3000`), when it has one.
    public var price: String?

    /// Creates a service.
    public init(id: String, title: String, durationMinutes: Int? = nil, price: String? = nil) {
        self.id = id
        self.title = title
        self.durationMinutes = durationMinutes
        self.price = price
    }
}
