import Tensors

/// The machine-readable form of `eval --json`: `{"shape":[2,3],"data":[[…],[…]]}`,
/// nested row-major, non-finite numbers as the strings "inf", "-inf", "nan".
public enum JSON {
    public static func tensor(_ t: Tensor) -> String {
        var out = "{\"shape\":[" + t.shape.map(String.init).joined(separator: ",") + "],\"data\":"
        // Axes up to the first empty one hold lists; an empty axis is `[]` in each of them.
        let empty = t.shape.firstIndex(of: 0)
        let axes = Array(t.shape[..<(empty ?? t.shape.count)])
        nested(axes, &out) { i in empty == nil ? number(t.data[i]) : "[]" }
        out += "}"
        return out
    }

    /// Writes `leaf(i)` for every position of `axes`, row-major, in nested brackets. A loop
    /// with an index per axis, not recursion: a tensor of 100 000 axes of size 1 must not
    /// take 100 000 stack frames.
    static func nested(_ axes: [Int], _ out: inout String, _ leaf: (Int) -> String) {
        let total = axes.reduce(1, *)
        var index = [Int](repeating: 0, count: axes.count)
        out += String(repeating: "[", count: axes.count)
        for i in 0..<total {
            out += leaf(i)
            // Step the index; every axis that wraps around closes its list.
            var closed = 0, axis = axes.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < axes[axis] { break }
                index[axis] = 0
                closed += 1
                axis -= 1
            }
            out += String(repeating: "]", count: closed)
            if i < total - 1 { out += "," + String(repeating: "[", count: closed) }
        }
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
