import Foundation
import SaudaCore

/// A passage of the knowledge base: one section of a document.
public struct KnowledgePassage: Sendable, Hashable, Codable {
    /// Document name.
    public var document: String
    /// Section heading (or the document name for text without headings).
    public var title: String
    /// Section text.
    public var text: String
    /// Search score (0 for passages not from a search).
    public var score: Double

    /// Creates a passage.
    public init(document: String, title: String, text: String, score: Double = 0) {
        self.document = document
        self.title = title
        self.text = text
        self.score = score
    }
}

/// A tenant's knowledge: documents split into sections by heading, searched with BM25 over
/// Russian and English stems, so the sales prompt gets the relevant passages rather than the whole base.
public struct KnowledgeBase: Sendable {
    /// Every passage.
    public let passages: [KnowledgePassage]
    private let termFrequencies: [[String: Int]]
    private let lengths: [Int]
    private let documentFrequency: [String: Int]
    private let averageLength: Double

    /// Builds the index.
    /// - Parameter documents: (name, Markdown or plain text) pairs.
    public init(documents: [(name: String, content: String)]) {
        var passages: [KnowledgePassage] = []
        for document in documents { passages += Self.split(name: document.name, content: document.content) }
        self.passages = passages
        var frequencies: [[String: Int]] = []
        var lengths: [Int] = []
        var documentFrequency: [String: Int] = [:]
        for passage in passages {
            let stems = TextAnalysis.contentStems(passage.title + " " + passage.text)
            var counts: [String: Int] = [:]
            for stem in stems { counts[stem, default: 0] += 1 }
            for stem in counts.keys { documentFrequency[stem, default: 0] += 1 }
            frequencies.append(counts)
            lengths.append(stems.count)
        }
        self.termFrequencies = frequencies
        self.lengths = lengths
        self.documentFrequency = documentFrequency
        self.averageLength = lengths.isEmpty ? 1 : Double(lengths.reduce(0, +)) / Double(lengths.count)
    }

    /// The sample knowledge base of the demo tenant: a small car-mat shop in Almaty (`Samples/avtokovrik.md`).
    public static func sampleDocuments() -> [(name: String, content: String)] {
        sampleDocuments(named: "avtokovrik")
    }

    /// The demo knowledge base `name` shipped in the module's `Samples` (`avtokovrik`, and seed 000's shops `evopoliki`
    /// and `5deluxe`); empty when the bundle lacks it.
    public static func sampleDocuments(named name: String) -> [(name: String, content: String)] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "md", subdirectory: "Samples"),
              let content = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return [("\(name).md", content)]
    }

    static func split(name: String, content: String) -> [KnowledgePassage] {
        var passages: [KnowledgePassage] = []
        var title = name
        var lines: [String] = []
        func flush() {
            let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { passages.append(KnowledgePassage(document: name, title: title, text: text)) }
            lines = []
        }
        for line in content.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                flush()
                title = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            } else {
                lines.append(String(line))
            }
        }
        flush()
        return passages
    }

    /// The best passages for a query, best first; passages sharing no stem with the query are left out.
    public func search(_ query: String, limit: Int = 3) -> [KnowledgePassage] {
        let queryStems = Set(TextAnalysis.contentStems(query).filter { $0.count > 1 })
        guard !queryStems.isEmpty else { return [] }
        let count = Double(passages.count)
        let k1 = 1.2
        let b = 0.75
        var scored: [(Int, Double)] = []
        for (index, frequencies) in termFrequencies.enumerated() {
            var score = 0.0
            for stem in queryStems {
                guard let tf = frequencies[stem].map(Double.init) else { continue }
                let df = Double(documentFrequency[stem] ?? 0)
                let idf = log(1 + (count - df + 0.5) / (df + 0.5))
                let norm = tf + k1 * (1 - b + b * Double(lengths[index]) / averageLength)
                score += idf * tf * (k1 + 1) / norm
            }
            if score > 0 { scored.append((index, score)) }
        }
        return scored.sorted { $0.1 > $1.1 }.prefix(limit).map { index, score in
            var passage = passages[index]
            passage.score = score
            return passage
        }
    }

    /// All passages as one text (the whole base, as the earlier system's sales prompt carried it instead of the
    /// passages that match a message).
    public var fullText: String {
        passages.map { "## \($0.title)\n\($0.text)" }.joined(separator: "\n\n")
    }
}
