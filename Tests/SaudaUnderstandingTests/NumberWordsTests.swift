import SaudaUnderstanding
import Testing

/// Russian (and some Kazakh and English) number words read as integers.
@Suite struct NumberWordsTests {
    @Test(arguments: [
        ("две тысячи двадцать второй", 2022),
        ("две тысячи двадцать второго", 2022),
        ("двух тысяч двадцать второго", 2022),
        ("тысяча девятьсот девяносто восьмой", 1998),
        ("двадцать второго", 22),
        ("двадцать два", 22),
        ("пять", 5),
        ("пятью", 5),
        ("восемь тысяч пятьсот", 8500),
        ("полторы тысячи", 1500),
        ("двухтысячный", 2000),
        ("две тысячи десятого", 2010),
        ("третий", 3),
        ("сто двадцать", 120),
        ("одиннадцать", 11),
        ("Две Тысячи Девятнадцатом", 2019),
        ("двести", 200),
        ("twenty two", 22),
        ("two thousand", 2000),
        ("екі мың жиырма екі", 2022),
    ])
    func wordsBecomeNumbers(text: String, value: Int) {
        #expect(NumberWords.value(of: text) == value, "\(text)")
    }

    @Test func wordsThatAreNotOneNumber() {
        #expect(NumberWords.value(of: "камри") == nil)
        #expect(NumberWords.value(of: "два три") == nil, "two numbers, not one")
        #expect(NumberWords.value(of: "полтора") == nil, "one and a half only before a thousand")
        #expect(NumberWords.value(ofWord: "семью") == nil, "семью is mostly 'family'")
        #expect(NumberWords.spans(in: "два три").map(\.value) == [2, 3])
    }

    @Test func rewriteReplacesOnlyTheNumberWords() {
        #expect(NumberWords.rewrite("Хочу коврики ева на тойоту камри две тысячи двадцать второй")
            == "Хочу коврики ева на тойоту камри 2022")
        #expect(NumberWords.rewrite("С бортами пять сантиметров") == "С бортами 5 сантиметров")
        #expect(NumberWords.rewrite("камри двадцать второго года, борты три см") == "камри 22-го года, борты 3 см")
        #expect(NumberWords.rewrite("и на третий ряд") == "и на 3-й ряд")
        #expect(NumberWords.rewrite("в двадцать втором") == "в 22-м")
        #expect(NumberWords.rewrite("во-первых, во-вторых") == "во-первых, во-вторых")
        #expect(NumberWords.rewrite("Привет!") == "Привет!")
        #expect(NumberWords.rewrite("2022-го") == "2022-го")
    }

    @Test func ordinalsAreMarked() {
        let spans = NumberWords.spans(in: "две тысячи двадцать второй и пять")
        #expect(spans.map(\.value) == [2022, 5])
        #expect(spans.map(\.isOrdinal) == [true, false])
    }
}
