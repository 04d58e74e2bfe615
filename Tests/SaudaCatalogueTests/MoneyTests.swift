import Foundation
import SaudaCatalogue
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [("8000", Int64(800_000)), ("8 000", 800_000), ("8\u{00A0}000 сом", 800_000), ("+500", 50_000),
                      ("-200", -20_000), ("99.9", 9_990), ("99,90", 9_990), ("0.01", 1), ("8000.0", 800_000), ("1200 руб.", 120_000)])
    func amountsAreReadExactly(text: String, minor: Int64) throws {
        #expect(try Money.parse(text, currency: .kgs).minorUnits == minor)
    }

    @Test(arguments: ["", "abc", "1.2.3", "12a3", "--5", ".5", "5,5,5"])
    func nonAmountsAreRefused(text: String) {
        #expect(throws: Money.ParseError.self) { _ = try Money.parse(text, currency: .kgs) }
    }

    @Test func tooManyDecimalsAndHugeAmountsAreRefused() throws {
        #expect(throws: Money.ParseError.tooPrecise("10.005", allowed: 2)) { _ = try Money.parse("10.005", currency: .kgs) }
        #expect(throws: Money.ParseError.self) { _ = try Money.parse("99999999999999999999", currency: .kgs) }
        // A currency without a minor unit takes whole amounts only.
        let yen = Currency(code: "JPY", displayUnit: "¥", minorDigits: 0)
        #expect(try Money.parse("1500", currency: yen).minorUnits == 1500)
        #expect(throws: Money.ParseError.self) { _ = try Money.parse("1500.5", currency: yen) }
    }

    @Test func amountsAreWrittenForFilesAndForReplies() throws {
        let price = Money(major: 8_500, currency: .kgs)
        #expect(price.displayText == "8 500 сом")
        #expect(price.decimalText() == "8500")
        #expect(Money(minorUnits: 9_990, currency: .rub).decimalText() == "99.90")
        #expect(Money(minorUnits: 50_000, currency: .kgs).decimalText(signed: true) == "+500")
        #expect(Money(minorUnits: -1_234_567_89, currency: .kzt).displayText == "−1 234 567,89 ₸")
        #expect(Money(major: 8_000, currency: .kgs).adding(Money(major: 500, currency: .kgs)) == Money(major: 8_500, currency: .kgs))
        #expect(Money(major: 1, currency: .kgs).adding(Money(major: 1, currency: .kzt)) == nil)
    }

    @Test func currenciesAreKnownByCode() {
        #expect(Currency.code("kgs") == .kgs)
        #expect(Currency.code("RUR") == .rub)
        #expect(Currency.code("GEL")?.displayUnit == "GEL")
        #expect(Currency.code("сом") == nil)
        #expect(Currency.code("KG") == nil)
    }
}
