@testable import AMQP
import Testing

@Suite struct URLParsingTests {
    @Test func fullURL() throws {
        let c = try AMQPConnectionConfiguration(url: "amqp://sauda:s%40cr%2Ft@rabbit.local:5673/prod?heartbeat=15&frame_max=8192&channel_max=100&connection_name=gateway")
        #expect(c.username == "sauda")
        #expect(c.password == "s@cr/t")
        #expect(c.host == "rabbit.local")
        #expect(c.port == 5673)
        #expect(c.virtualHost == "prod")
        #expect(c.heartbeat == 15)
        #expect(c.frameMax == 8192)
        #expect(c.channelMax == 100)
        #expect(c.connectionName == "gateway")
    }

    @Test func defaults() throws {
        let c = try AMQPConnectionConfiguration(url: "amqp://localhost")
        #expect(c.username == "guest")
        #expect(c.password == "guest")
        #expect(c.port == 5672)
        #expect(c.virtualHost == "/")
        #expect(try AMQPConnectionConfiguration(url: "amqp://h/").virtualHost == "/")
        #expect(try AMQPConnectionConfiguration(url: "amqp://h/%2F").virtualHost == "/")
        #expect(try AMQPConnectionConfiguration(url: "amqp://h/%2Fsales").virtualHost == "/sales")
        #expect(try AMQPConnectionConfiguration(url: "amqp://").host == "localhost")
        #expect(try AMQPConnectionConfiguration(url: "AMQP://u@h").username == "u")
    }

    @Test func ipv6Host() throws {
        let c = try AMQPConnectionConfiguration(url: "amqp://[::1]:55672/")
        #expect(c.host == "::1")
        #expect(c.port == 55672)
    }

    @Test func passwordIsNotInTheDescription() throws {
        let c = try AMQPConnectionConfiguration(url: "amqp://u:topsecret@h/v")
        #expect(!c.description.contains("topsecret"))
    }

    @Test func badURLsGiveTypedErrors() {
        #expect(throws: AMQPURLError.unsupportedScheme("http")) { try AMQPConnectionConfiguration(url: "http://h") }
        #expect(throws: AMQPURLError.unsupportedScheme("localhost:5672")) { try AMQPConnectionConfiguration(url: "localhost:5672") }
        #expect(throws: AMQPURLError.tlsNotSupported) { try AMQPConnectionConfiguration(url: "amqps://h") }
        #expect(throws: AMQPURLError.invalidPort("99999")) { try AMQPConnectionConfiguration(url: "amqp://h:99999") }
        #expect(throws: AMQPURLError.invalidPort("abc")) { try AMQPConnectionConfiguration(url: "amqp://h:abc") }
        #expect(throws: AMQPURLError.invalidPercentEncoding("p%zz")) { try AMQPConnectionConfiguration(url: "amqp://u:p%zz@h") }
        #expect(throws: AMQPURLError.invalidVirtualHost("a/b")) { try AMQPConnectionConfiguration(url: "amqp://h/a/b") }
        #expect(throws: AMQPURLError.invalidQueryParameter("heartbeat=x")) { try AMQPConnectionConfiguration(url: "amqp://h?heartbeat=x") }
        #expect(throws: AMQPURLError.invalidQueryParameter("frame_max=100")) { try AMQPConnectionConfiguration(url: "amqp://h?frame_max=100") }
        #expect(throws: AMQPURLError.invalidHost("[::1")) { try AMQPConnectionConfiguration(url: "amqp://[::1") }
    }
}
