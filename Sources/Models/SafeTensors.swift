#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CKernels
import Tensors

/// A safetensors file, memory-mapped and with its header checked before any tensor is read.
///
/// The format: 8 bytes holding N as a little-endian u64, N bytes of JSON (an object, maybe
/// padded with spaces), then the tensors' bytes, little-endian and row-major. The header maps
/// each name to `{"dtype", "shape", "data_offsets": [begin, end]}`, offsets relative to the
/// start of the data. Everything a reader trusts is checked up front: the length fits the
/// file, the JSON is well formed, every entry's byte count is its dtype's size times its
/// shape's product, and the entries tile the data exactly — no gaps, no overlaps, nothing
/// after the last one. A file that fails any of these is refused with a message that says
/// which, and nothing outside the mapping is ever read. Every read copies out of the mapping
/// through a guard, so a file truncated while the tutor runs is an error rather than a SIGBUS.
public final class SafeTensorsFile: @unchecked Sendable {
    /// The element types of the format, with their sizes in bytes.
    public enum DType: String, Sendable, CaseIterable {
        case bool = "BOOL", u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
        case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
        case i32 = "I32", u32 = "U32", f32 = "F32", f64 = "F64", i64 = "I64", u64 = "U64"

        public var size: Int {
            switch self {
            case .bool, .u8, .i8, .f8e5m2, .f8e4m3: return 1
            case .i16, .u16, .f16, .bf16: return 2
            case .i32, .u32, .f32: return 4
            case .f64, .i64, .u64: return 8
            }
        }
    }

    /// One entry of the header.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// Byte range within the data section.
        public let begin: Int, end: Int
        public var count: Int { shape.reduce(1, *) }
    }

    /// The largest header the format allows (the reference implementation's limit).
    public static let maxHeaderSize = 100_000_000

    public let path: String
    /// The entries in file order (by offset).
    public let entries: [Entry]
    /// The header's `__metadata__` (string to string), if any.
    public let metadata: [String: String]
    private let index: [String: Int]
    private let base: UnsafeRawPointer?
    private let mappedSize: Int
    /// Where the data section starts in the mapping.
    private let dataStart: Int

    /// Maps and validates the file at `path`.
    public init(path: String) throws(ModelError) {
        self.path = path
        let (fd, size) = try ModelFiles.openRegularFile(path)
        defer { close(fd) }
        guard size >= 8 else {
            throw ModelError(.malformed, "\(path): \(size) bytes is too short for a safetensors file (the header length alone takes 8)")
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw ModelError(.unreadable, "\(path): cannot map it into memory (\(String(cString: strerror(errno))))")
        }
        let raw = UnsafeRawPointer(map)
        do {
            let parsed = try SafeTensorsFile.validate(try SafeTensorsFile.head(raw, size: size, path: path), fileSize: size, path: path)
            entries = parsed.entries
            metadata = parsed.metadata
            dataStart = parsed.dataStart
        } catch {
            munmap(map, size)
            throw error
        }
        base = raw
        mappedSize = size
        index = Dictionary(entries.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), mappedSize) }
    }

    /// The entry called `name`, if the file has one.
    public func entry(_ name: String) -> Entry? { index[name].map { entries[$0] } }

    /// The file's first bytes: the header's length and as much of the header as the file holds.
    static func head(_ mapped: UnsafeRawPointer, size: Int, path: String) throws(ModelError) -> [UInt8] {
        let prefix = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
        defer { prefix.deallocate() }
        try copy(prefix, mapped, 8, path: path)
        let length = UInt64(littleEndian: prefix.loadUnaligned(as: UInt64.self))
        // Only as much as the header claims, bounded by the format's limit and the file.
        let wanted = 8 + Int(min(length, UInt64(min(maxHeaderSize, size - 8))))
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: 8)
        defer { bytes.deallocate() }
        try copy(bytes, mapped, wanted, path: path)
        return Array(UnsafeRawBufferPointer(start: bytes, count: wanted))
    }

    /// Copies out of the mapping; a file that has shrunk since it was opened is an error, not a crash.
    static func copy(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ bytes: Int, path: String) throws(ModelError) {
        guard attn_copy_mapped(destination, source, bytes) == 0 else {
            throw ModelError(.unreadable, "\(path): the file became shorter while it was being read (replaced or truncated?); load the model again")
        }
    }

    /// Checks the header at the start of a file of `fileSize` bytes (`bytes`: its first bytes,
    /// at least the header's) and returns its entries sorted by offset.
    static func validate(_ bytes: [UInt8], fileSize: Int, path: String)
        throws(ModelError) -> (entries: [Entry], metadata: [String: String], dataStart: Int) {
        func bad(_ message: String) -> ModelError { ModelError(.malformed, "\(path): \(message)") }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length <= UInt64(maxHeaderSize) else {
            throw bad("the header claims \(length) bytes, more than the format's limit of \(maxHeaderSize) — not a safetensors file, or a damaged one")
        }
        let n = Int(length)
        guard 8 + n <= fileSize, 8 + n <= bytes.count else {
            throw bad("the header claims \(n) bytes but only \(fileSize - 8) follow: the file is truncated")
        }
        guard n >= 2 else { throw bad("the header is \(n) bytes, too short to hold a JSON object") }
        guard bytes[8] == UInt8(ascii: "{") else { throw bad("the header does not start with '{'") }
        let header: JSONValue
        do {
            header = try JSONValue.parse(Array(bytes[8..<(8 + n)]))
        } catch {
            throw bad("the header is not valid JSON: \(error.message)")
        }
        guard let members = header.members else { throw bad("the header is not a JSON object") }

        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        var seen = Set<String>()
        let dataSize = fileSize - 8 - n
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw bad("the header names '\(name)' twice") }
            if name == "__metadata__" {
                guard let pairs = value.members else { throw bad("__metadata__ must be an object of strings") }
                for (k, v) in pairs {
                    guard let s = v.string else { throw bad("__metadata__ '\(k)' must be a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let dtypeName = value["dtype"]?.string else { throw bad("tensor '\(name)' has no dtype") }
            guard let dtype = DType(rawValue: dtypeName) else { throw bad("tensor '\(name)' has an unknown dtype '\(dtypeName)'") }
            guard let dims = value["shape"]?.array else { throw bad("tensor '\(name)' has no shape") }
            var shape: [Int] = []
            var elements = 1
            for d in dims {
                guard let size = d.unsigned, size <= UInt64(Int32.max) else {
                    throw bad("tensor '\(name)' has a shape entry that is not a whole number ≥ 0 of sensible size")
                }
                shape.append(Int(size))
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(size))
                guard !overflow else { throw bad("tensor '\(name)': its shape \(shape) overflows") }
                elements = product
            }
            guard let offsets = value["data_offsets"]?.array, offsets.count == 2,
                  let b = offsets[0].unsigned, let e = offsets[1].unsigned else {
                throw bad("tensor '\(name)' needs data_offsets [begin, end] of whole numbers")
            }
            guard b <= e else { throw bad("tensor '\(name)' ends (\(e)) before it begins (\(b))") }
            guard e <= UInt64(dataSize) else {
                throw bad("tensor '\(name)' reaches byte \(e) of the data, which holds only \(dataSize): the file is truncated or damaged")
            }
            let (bytesNeeded, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, bytesNeeded == Int(e - b) else {
                throw bad("tensor '\(name)' is \(dtypeName) of shape \(shape), which takes \(overflow ? "too many" : String(bytesNeeded)) bytes, but its offsets span \(e - b)")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: Int(b), end: Int(e)))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for entry in entries {
            guard entry.begin == expected else {
                throw bad(entry.begin > expected
                    ? "a gap in the data before tensor '\(entry.name)' (bytes \(expected)…\(entry.begin) belong to no tensor)"
                    : "tensor '\(entry.name)' overlaps the tensor before it")
            }
            expected = entry.end
        }
        guard expected == dataSize else {
            throw bad("the data section is \(dataSize) bytes but the tensors account for \(expected): trailing bytes that belong to no tensor")
        }
        return (entries, metadata, 8 + n)
    }

    /// The bytes of one entry, valid while this object lives.
    private func bytes(of entry: Entry) -> UnsafeRawPointer {
        base!.advanced(by: dataStart + entry.begin)
    }

    /// Looks an entry up, or says which tensor is missing.
    public func require(_ name: String) throws(ModelError) -> Entry {
        guard let e = entry(name) else { throw ModelError(.malformed, "\(path): has no tensor '\(name)'") }
        return e
    }

    /// The whole tensor `name` as Doubles, labelled nowhere.
    public func tensor(_ name: String) throws(ModelError) -> Tensor {
        let e = try require(name)
        guard e.count <= Tensor.maxElements else {
            throw ModelError(.unsupported, "\(path): tensor '\(name)' has \(e.count) elements, more than this program holds at once")
        }
        var failure: ModelError?
        let values = [Double](unsafeUninitializedCapacity: e.count) { out, initialized in
            SafeTensorsFile.adviseHugePages(out)
            do throws(ModelError) {
                if e.count > 0 { try decode(e, from: 0, count: e.count, into: out.baseAddress!) }
            } catch {
                out.initialize(repeating: 0)
                failure = error
            }
            initialized = e.count
        }
        if let failure { throw failure }
        return Tensor(shape: e.shape, data: values)
    }

    /// Elements `start ..< start + count` of tensor `name` (row-major) as Floats, for the
    /// float32 kernel (F64 entries are rounded).
    public func floats(_ name: String, from start: Int, count: Int, into out: UnsafeMutablePointer<Float>) throws(ModelError) {
        let e = try require(name)
        guard start >= 0, count >= 0, start + count <= e.count else {
            throw ModelError(.invalidRequest, "\(path): elements \(start)..<\(start + count) of '\(name)' do not exist (it has \(e.count))")
        }
        if count > 0 { try decode(e, from: start, count: count, into: out) }
    }

    /// A model's weights are tens of megabytes written once: asking for huge pages before
    /// the first write turns thousands of page faults (most of a load's time) into a few.
    static func adviseHugePages(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if os(Linux)
        let bytes = buffer.count * MemoryLayout<Double>.stride
        let huge = 2 << 20
        guard bytes >= huge, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + 4095) / 4096 * 4096
        let end = (Int(bitPattern: base) + bytes) / 4096 * 4096
        if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) { _ = madvise(p, end - start, MADV_HUGEPAGE) }
        #endif
    }

    /// Rows `rows` of the 2-D tensor `name` (one embedding per id), without decoding the rest.
    public func rows(_ name: String, _ rows: [Int]) throws(ModelError) -> Tensor {
        let e = try require(name)
        guard e.shape.count == 2 else { throw ModelError(.malformed, "\(path): tensor '\(name)' should have 2 axes, it has shape \(e.shape)") }
        let width = e.shape[1]
        var values = [Double](repeating: 0, count: rows.count * width)
        try values.withUnsafeMutableBufferPointer { (out) throws(ModelError) in
            for (i, r) in rows.enumerated() {
                guard r >= 0, r < e.shape[0] else {
                    throw ModelError(.invalidRequest, "\(path): row \(r) of '\(name)' does not exist (it has \(e.shape[0]))")
                }
                try decode(e, from: r * width, count: width, into: out.baseAddress! + i * width)
            }
        }
        return Tensor(shape: [rows.count, width], data: values)
    }

    /// Decodes elements `start..<start+count` of `e` into `out` (Doubles, or Floats for the
    /// kernel), a megabyte at a time copied out of the mapping first.
    private func decode<Number: BinaryFloatingPoint>(_ e: Entry, from start: Int, count: Int, into out: UnsafeMutablePointer<Number>) throws(ModelError) {
        guard SafeTensorsFile.decodable.contains(e.dtype) else {
            throw ModelError(.unsupported, "\(path): tensor '\(e.name)' is \(e.dtype.rawValue), which this reader does not decode (F32, F16, BF16, F64 and integers it does)")
        }
        let size = e.dtype.size, chunk = max(1, (1 << 20) / size)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: min(count, chunk) * size, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let n = min(chunk, count - done)
            try SafeTensorsFile.copy(buffer, bytes(of: e) + (start + done) * size, n * size, path: path)
            SafeTensorsFile.decode(e.dtype, UnsafeRawPointer(buffer), n, into: out + done)
            done += n
        }
    }

    static let decodable: Set<DType> = [.f64, .f32, .bf16, .f16, .i64, .i32, .u8, .bool]

    /// `count` little-endian elements of type `dtype` at `p`, converted.
    private static func decode<Number: BinaryFloatingPoint>(_ dtype: DType, _ p: UnsafeRawPointer, _ count: Int, into out: UnsafeMutablePointer<Number>) {
        switch dtype {
        case .f64:
            for i in 0..<count { out[i] = Number(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
        case .f32:
            for i in 0..<count { out[i] = Number(Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))) }
        case .bf16:
            // bfloat16 is the top half of a float32.
            for i in 0..<count {
                let bits = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                out[i] = Number(Float(bitPattern: UInt32(bits) << 16))
            }
        case .f16:
            for i in 0..<count { out[i] = Number(SafeTensorsFile.half(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))) }
        case .i64:
            for i in 0..<count { out[i] = Number(Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
        case .i32:
            for i in 0..<count { out[i] = Number(Int32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
        case .u8, .bool:
            for i in 0..<count { out[i] = Number(p.load(fromByteOffset: i, as: UInt8.self)) }
        default:
            break
        }
    }

    /// An IEEE half-precision number from its bits (written out, so no platform Float16 is needed).
    static func half(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F), fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24                    // zero and subnormals
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
