/// One field of a row that cannot be read; the importers turn it into a ``CatalogueProblem`` at the row's place.
struct CatalogueFieldError: Error, Sendable {
    var kind: CatalogueProblem.Kind
    var field: String
    var message: String

    init(_ kind: CatalogueProblem.Kind, field: String, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }
}
