/// A small, strict JSON reader for model files (safetensors headers, config.json,
/// tokenizer.json). It is written here rather than borrowed so that a hostile file
/// meets known limits: nesting depth is bounded, every error is a thrown value with the
/// byte offset, and integers keep their exact value (offsets need all 64 bits).
public indirect enum JSONValue: Sendable, Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number: its text as written (so integers are exact) and its value as a Double.
    case number(text: String, value: Double)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.number(_, x), .number(_, y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// The member `key` of an object (the first, if a file repeats it).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var string: String? { if case let .string(s) = self { return s }; return nil }
    public var double: Double? { if case let .number(_, v) = self { return v }; return nil }
    public var bool: Bool? { if case let .bool(b) = self { return b }; return nil }
    public var array: [JSONValue]? { if case let .array(a) = self { return a }; return nil }
    public var members: [(key: String, value: JSONValue)]? { if case let .object(m) = self { return m }; return nil }
    public var isNull: Bool { self == .null }

    /// A non-negative whole number written without fraction or exponent, exactly.
    public var unsigned: UInt64? {
        guard case let .number(text, _) = self, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(text)
    }

    /// A whole number that fits in an Int.
    public var int: Int? {
        guard let u = unsigned, u <= UInt64(Int.max) else {
            if case let .number(text, _) = self, text.hasPrefix("-"), let v = Int(text) { return v }
            return nil
        }
        return Int(u)
    }

    /// Parses `bytes` as one JSON value (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) throws(ModelError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at == bytes.count else { throw reader.fail("unexpected text after the end of the JSON value") }
        return value
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(ModelError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ModelError) in try parse(raw, maxDepth: maxDepth) } }
        return try result.get()
    }
}

/// The cursor behind ``JSONValue/parse(_:maxDepth:)``.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    let maxDepth: Int
    var at = 0

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ message: String) -> ModelError {
        ModelError(.malformed, "\(message) (at byte \(at))")
    }

    var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

    mutating func skipSpace() {
        while let c = peek, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { at += 1 }
    }

    mutating func expect(_ word: String) throws(ModelError) {
        for b in word.utf8 {
            guard peek == b else { throw fail("expected '\(word)'") }
            at += 1
        }
    }

    mutating func value(depth: Int) throws(ModelError) -> JSONValue {
        guard depth < maxDepth else { throw fail("JSON nested more than \(maxDepth) levels deep") }
        guard let c = peek else { throw fail("the JSON ends too early") }
        switch c {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character '\(Unicode.Scalar(c).escaped(asASCII: true))' in JSON")
        }
    }

    mutating func object(depth: Int) throws(ModelError) -> JSONValue {
        at += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if peek == UInt8(ascii: "}") { at += 1; return .object(members) }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a quoted name in a JSON object") }
            let key = try string()
            skipSpace()
            try expect(":")
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard let c = peek else { throw fail("the JSON ends inside an object") }
            at += 1
            if c == UInt8(ascii: "}") { return .object(members) }
            guard c == UInt8(ascii: ",") else { at -= 1; throw fail("expected ',' or '}' in a JSON object") }
        }
    }

    mutating func array(depth: Int) throws(ModelError) -> JSONValue {
        at += 1
        var items: [JSONValue] = []
        skipSpace()
        if peek == UInt8(ascii: "]") { at += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard let c = peek else { throw fail("the JSON ends inside an array") }
            at += 1
            if c == UInt8(ascii: "]") { return .array(items) }
            guard c == UInt8(ascii: ",") else { at -= 1; throw fail("expected ',' or ']' in a JSON array") }
        }
    }

    mutating func number() throws(ModelError) -> JSONValue {
        let start = at
        if peek == UInt8(ascii: "-") { at += 1 }
        func digits(_ r: inout JSONReader) -> Int {
            let s = r.at
            while let c = r.peek, c >= 48, c <= 57 { r.at += 1 }
            return r.at - s
        }
        guard digits(&self) > 0 else { throw fail("a JSON number needs digits") }
        if peek == UInt8(ascii: ".") {
            at += 1
            guard digits(&self) > 0 else { throw fail("a JSON number needs digits after '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            at += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { at += 1 }
            guard digits(&self) > 0 else { throw fail("a JSON number needs digits in its exponent") }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        guard let v = Double(text) else { throw fail("'\(text)' is not a number") }
        return .number(text: text, value: v)
    }

    mutating func hex4() throws(ModelError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek else { throw fail("the JSON ends inside a \\u escape") }
            let d: UInt8
            switch c {
            case 48...57: d = c - 48
            case 65...70: d = c - 55
            case 97...102: d = c - 87
            default: throw fail("a \\u escape needs four hexadecimal digits")
            }
            v = v << 4 | UInt32(d)
            at += 1
        }
        return v
    }

    mutating func string() throws(ModelError) -> String {
        at += 1
        var out: [UInt8] = []
        var runStart = at
        while true {
            guard let c = peek else { throw fail("the JSON ends inside a string") }
            if c == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<at]))
                at += 1
                break
            }
            guard c >= 0x20 else { throw fail("a control character inside a JSON string") }
            if c != UInt8(ascii: "\\") { at += 1; continue }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<at]))
            at += 1
            guard let e = peek else { throw fail("the JSON ends inside an escape") }
            at += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    // A surrogate pair: the low half must follow as a second escape.
                    guard peek == UInt8(ascii: "\\") else { throw fail("a lone surrogate in a \\u escape") }
                    at += 1
                    guard peek == UInt8(ascii: "u") else { throw fail("a lone surrogate in a \\u escape") }
                    at += 1
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("a lone surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("a lone surrogate in a \\u escape") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw fail("unknown escape '\\\(Unicode.Scalar(e).escaped(asASCII: true))' in a JSON string")
            }
            runStart = at
        }
        // JSON text must be UTF-8; a file with invalid bytes is damaged.
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("a JSON string that is not valid UTF-8") }
        return s
    }
}
