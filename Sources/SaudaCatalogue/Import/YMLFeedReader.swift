import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The XML side of ``CatalogueYMLImporter``: collects the feed's currencies, categories and offers as text, with
/// the line each starts on. Only used synchronously, inside one `XMLParser.parse()`.
final class YMLFeedReader: NSObject, XMLParserDelegate {
    struct CurrencyEntry {
        var id: String
        var rate: String?
    }

    struct CategoryEntry {
        var line: Int
        var id: String?
        var parentID: String?
        var name = ""
    }

    struct Param {
        var name: String
        var unit: String?
        var value = ""
    }

    struct Offer {
        var line: Int
        var id: String?
        var available: String?
        /// The text of the offer's simple elements, by lower-cased element name.
        var fields: [String: String] = [:]
        var params: [Param] = []
    }

    private(set) var sawCatalogue = false
    private(set) var shopName = ""
    private(set) var currencies: [CurrencyEntry] = []
    private(set) var categories: [CategoryEntry] = []
    private(set) var offers: [Offer] = []

    private var path: [String] = []
    private var text = ""
    private var category: CategoryEntry?
    private var offer: Offer?
    private var param: Param?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let name = elementName.lowercased()
        path.append(name)
        text = ""
        switch name {
        case "shop" where path.dropLast().last == "yml_catalog": sawCatalogue = true
        case "currency" where offer == nil:
            if let id = attributes["id"] { currencies.append(CurrencyEntry(id: id, rate: attributes["rate"])) }
        case "category" where offer == nil:
            category = CategoryEntry(line: parser.lineNumber, id: attributes["id"], parentID: attributes["parentId"])
        case "offer":
            offer = Offer(line: parser.lineNumber, id: attributes["id"], available: attributes["available"])
        case "param" where offer != nil:
            param = Param(name: (attributes["name"] ?? "").trimmingCharacters(in: .whitespaces),
                          unit: attributes["unit"].flatMap { $0.isEmpty ? nil : $0 })
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let name = elementName.lowercased()
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        defer {
            path.removeLast()
            text = ""
        }
        if name == "offer", let finished = offer {
            offers.append(finished)
            offer = nil
        } else if name == "param", var finished = param {
            finished.value = value
            offer?.params.append(finished)
            param = nil
        } else if offer != nil, path.dropLast().last == "offer" {
            offer?.fields[name] = value
        } else if name == "category", var finished = category {
            finished.name = value
            categories.append(finished)
            category = nil
        } else if name == "name", path.dropLast().last == "shop" {
            shopName = value
        }
    }
}
