/// What an import loaded and what it could not.
public struct CatalogueImportResult: Sendable, Hashable {
    /// The catalogue of every good row.
    public var catalogue: Catalogue
    /// The problems, in file order, at most ``CatalogueLimits/maxProblemsListed`` of them.
    public var problems: [CatalogueProblem]
    /// Problems found beyond those listed.
    public var unlistedProblemCount: Int

    /// Creates a result.
    public init(catalogue: Catalogue, problems: [CatalogueProblem], unlistedProblemCount: Int = 0) {
        self.catalogue = catalogue
        self.problems = problems
        self.unlistedProblemCount = unlistedProblemCount
    }

    /// Rows left out: the listed problems that skipped a row, plus every problem past the listing limit.
    public var skippedCount: Int { problems.filter(\.skipped).count + unlistedProblemCount }
}
