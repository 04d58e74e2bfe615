import Foundation
import SaudaUnderstanding
import Testing

/// Options named in words, with sizes and refusals.
@Suite struct OptionPhrasesTests {
    let options = OptionPhrases.carMats

    @Test func bordersWithASizeInWords() {
        #expect(options.mentions(in: "С бортами пять сантиметров") == [.init(id: "borders", size: 5, unit: "cm")])
        #expect(options.mentions(in: "борты 3 см") == [.init(id: "borders", size: 3, unit: "cm")])
        #expect(options.mentions(in: "с бортиками 5см") == [.init(id: "borders", size: 5, unit: "cm")])
        #expect(options.mentions(in: "5 см борта пойдут") == [.init(id: "borders", size: 5, unit: "cm")])
        #expect(options.mentions(in: "с бортами") == [.init(id: "borders")])
    }

    @Test func refusalsAreRead() {
        #expect(options.mentions(in: "без бортов") == [.init(id: "borders", wanted: false)])
        #expect(options.mentions(in: "борта не нужны") == [.init(id: "borders", wanted: false)])
        #expect(options.mentions(in: "нет, с бортами") == [.init(id: "borders")])
    }

    @Test func otherOptions() {
        #expect(options.mentions(in: "с подпятником и в багажник тоже").map(\.id) == ["heel_pad", "trunk"])
        #expect(options.mentions(in: "и на третий ряд").map(\.id) == ["third_row"])
        #expect(options.mentions(in: "3-й ряд есть").map(\.id) == ["third_row"])
        #expect(options.mentions(in: "Здравствуйте, сколько стоит?").isEmpty)
    }

    @Test func productKinds() {
        let products = OptionPhrases.carMatProducts
        #expect(products.mentions(in: "Хочу коврики ева на камри").map(\.id) == ["eva_mats"])
        #expect(products.mentions(in: "EVA mats").map(\.id) == ["eva_mats"])
        #expect(products.mentions(in: "а 5D коврики сколько?").map(\.id) == ["5d_mats"])
        #expect(products.mentions(in: "чехлы на сиденья").map(\.id) == ["seat_covers"])
    }

    @Test func aBusinessBringsItsOwnTable() throws {
        let table = OptionPhrases(keywords: [.init(id: "gift_wrap", phrases: [["подароч", "упаков"]])])
        #expect(table.mentions(in: "нужна подарочная упаковка").map(\.id) == ["gift_wrap"])
        let json = try JSONEncoder().encode(table)
        #expect(try JSONDecoder().decode(OptionPhrases.self, from: json) == table)
    }
}
