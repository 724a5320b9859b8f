import Tensors

/// The machine-readable form of `eval --json`: `{"shape":[2,3],"data":[[…],[…]]}`,
/// nested row-major, non-finite numbers as the strings "inf", "-inf", "nan".
public enum JSON {
    public static func tensor(_ t: Tensor) -> String {
        var out = "{\"shape\":[" + t.shape.map(String.init).joined(separator: ",") + "],\"data\":"
        var i = 0
        nested(t.data, t.shape[...], &i, &out)
        out += "}"
        return out
    }

    static func nested(_ data: [Double], _ shape: ArraySlice<Int>, _ i: inout Int, _ out: inout String) {
        guard let n = shape.first else {
            out += number(data[i])
            i += 1
            return
        }
        out += "["
        for k in 0..<n {
            if k > 0 { out += "," }
            nested(data, shape.dropFirst(), &i, &out)
        }
        out += "]"
    }

    /// A number as JSON: the shortest text that reads back as the same Double.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "\"nan\"" }
        if v.isInfinite { return v > 0 ? "\"inf\"" : "\"-inf\"" }
        return v.description
    }

    /// A JSON string literal.
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
