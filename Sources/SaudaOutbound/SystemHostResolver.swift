import NIOPosix
import SaudaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves host names with the system's `getaddrinfo` (hosts file, DNS, as the system is configured), on NIO's
/// blocking-work thread pool.
public struct SystemHostResolver: HostResolver {
    /// Creates a resolver.
    public init() {}

    /// Every IPv4 and IPv6 address `getaddrinfo` gives for the name, in its order, without repeats.
    public func addresses(of host: String) async throws(OutboundFetchError) -> [IPAddress] {
        let answer: Result<[IPAddress], OutboundFetchError>
        do {
            answer = try await NIOThreadPool.singleton.runIfActive { Self.lookUp(host) }
        } catch {
            throw .resolutionFailed(host: host, reason: "the resolver's thread pool is not running")
        }
        return try answer.get()
    }

    static func lookUp(_ host: String) -> Result<[IPAddress], OutboundFetchError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &list)
        guard code == 0, let first = list else {
            if code == EAI_NONAME || code == EAI_FAIL { return .failure(.hostNotFound(host)) }
            let reason = gai_strerror(code).map { String(cString: $0) } ?? "getaddrinfo failed (\(code))"
            return .failure(.resolutionFailed(host: host, reason: reason))
        }
        defer { freeaddrinfo(first) }
        var found: [IPAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let address = current.pointee.ai_addr.flatMap(Self.address(of:)), !found.contains(address) {
                found.append(address)
            }
            node = current.pointee.ai_next
        }
        return found.isEmpty ? .failure(.hostNotFound(host)) : .success(found)
    }

    private static func address(of socketAddress: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin_addr
                return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
            }
        case AF_INET6:
            socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin6_addr
                return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
            }
        default:
            nil
        }
    }
}
