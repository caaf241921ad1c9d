import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 answer as read off the wire.
struct HTTPAnswer: CustomStringConvertible {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    /// The `ETag` header without its quotes: the plan's revision.
    var revision: Int? { headers["etag"].flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) } }
    var description: String { "HTTP \(status) \(text)" }
}

/// A plain TCP connection to a server on 127.0.0.1 that writes request bytes exactly as given, so a test can
/// send half a request, pipeline two, or stop mid-body. Every read is bounded by `timeout`.
final class HTTPConnection {
    private let socket: Int32
    private var buffer = Data()
    let timeout: TimeInterval

    init(port: Int, timeout: TimeInterval = 60) throws {
        self.timeout = timeout
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ToolError("socket() failed: errno \(errno)") }
        var seconds = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        guard Self.connect(socket, port: port) else {
            let error = errno
            close(socket)
            throw ToolError("could not connect to 127.0.0.1:\(port): errno \(error)")
        }
    }

    deinit { close(socket) }

    private static func connect(_ socket: Int32, port: Int) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // Interrupted by a signal, the connection goes on being made: wait for it to be writable.
        if result != 0 && errno == EINTR {
            var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            var error: Int32 = 0, length = socklen_t(MemoryLayout<Int32>.size)
            return poll(&poller, 1, 60_000) == 1 && getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
        }
        return result == 0
    }

    /// Whether anything accepts connections on the port now (a server that has begun to shut down does not).
    static func accepts(port: Int) -> Bool {
        let probe = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        return connect(probe, port: port)
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ToolError("sending to the server failed: errno \(errno)") }
            sent += n
        }
    }

    /// Reads one whole answer (a `Content-Length` or chunked body); throws when the server closes first or
    /// nothing arrives within the timeout.
    func answer() throws -> HTTPAnswer {
        let deadline = Date().addingTimeInterval(timeout)
        func fill() throws {
            guard Date() < deadline else { throw ToolError("no whole answer within \(Int(timeout)) s; got \(String(decoding: buffer, as: UTF8.self))") }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            var n: Int
            // A signal to this process (a child test process exiting) interrupts the wait; it is not an answer.
            repeat { n = recv(socket, &chunk, chunk.count, 0) } while n < 0 && errno == EINTR && Date() < deadline
            guard n > 0 else {
                throw ToolError((n == 0 ? "the server closed the connection" : "no answer (errno \(errno))") + " before a whole answer; got \(String(decoding: buffer, as: UTF8.self).debugDescription)")
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
        let separator = Data("\r\n\r\n".utf8)
        var end = buffer.range(of: separator)
        while end == nil { try fill(); end = buffer.range(of: separator) }
        let head = String(decoding: buffer[buffer.startIndex..<end!.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        buffer = Data(buffer[end!.upperBound...])
        let statusLine = head[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ToolError("not an HTTP status line: \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data()
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            while true {
                var lineEnd = buffer.range(of: Data("\r\n".utf8))
                while lineEnd == nil { try fill(); lineEnd = buffer.range(of: Data("\r\n".utf8)) }
                let sizeText = String(decoding: buffer[buffer.startIndex..<lineEnd!.lowerBound], as: UTF8.self)
                guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else { throw ToolError("bad chunk size \(sizeText)") }
                buffer = Data(buffer[lineEnd!.upperBound...])
                while buffer.count < size + 2 { try fill() }
                body.append(buffer.prefix(size))
                buffer = Data(buffer.dropFirst(size + 2))
                if size == 0 { break }
            }
        } else {
            let length = headers["content-length"].flatMap(Int.init) ?? 0
            while buffer.count < length { try fill() }
            body = Data(buffer.prefix(length))
            buffer = Data(buffer.dropFirst(length))
        }
        return HTTPAnswer(status: status, headers: headers, body: body)
    }

    /// Waits (at most `timeout`) until the server ends the connection; false if it is still open then.
    func waitForClose() -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let n = recv(socket, &chunk, chunk.count, 0)
            if n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN) { return true }
        }
        return false
    }

    /// The bytes of a request: `body` as JSON text, `close` asking the server to close after answering.
    static func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:],
                        close: Bool = false) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        if close { text += "Connection: close\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)" } else { text += "\r\n" }
        return text
    }

    /// Sends one request and reads its answer.
    func exchange(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) throws -> HTTPAnswer {
        try send(Self.request(method, path, body: body, headers: headers))
        return try answer()
    }
}
