import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP port nobody listens on, for a child `sauda serve` of a test. It lies below the kernel's range of
/// ephemeral ports (32768 and up here), so no client connection of the tests (some hold thousands) can take it between
/// this check and the child's bind, as happened with random ports in that range ("Address already in use"); and it is
/// checked by a bind, so no other listener holds it.
public func freeLoopbackPort() throws -> Int {
    for _ in 0..<200 {
        let port = Int.random(in: 20_000..<32_000)
        if try isBindable(port) { return port }
    }
    throw FreePortError(reason: "no free port between 20000 and 32000 after 200 tries")
}

private func isBindable(_ port: Int) throws -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw FreePortError(reason: "socket() failed: errno \(errno)") }
    defer { close(descriptor) }
    var reuse: Int32 = 1
    setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    return bound == 0
}

/// No free port could be found.
public struct FreePortError: Error, CustomStringConvertible {
    /// What failed.
    public var reason: String
    /// The reason.
    public var description: String { reason }
}
