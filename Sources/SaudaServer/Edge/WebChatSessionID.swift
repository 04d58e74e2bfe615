/// Session ids the server hands to chat pages: 22 characters of 64 drawn from the system's CSPRNG (132 bits),
/// URL-safe and within the session id's allowed characters.
enum WebChatSessionID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// A new id: `web-` and 22 random characters.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var characters: [Character] = []
        characters.reserveCapacity(22)
        for _ in 0..<22 { characters.append(alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))]) }
        return "web-" + String(characters)
    }
}
