import Tensors

/// Many attention heads at once, in a terminal: the "model view" of attention visualisers.
///
/// - ``render(_:)`` draws every head of a `layers × heads × tokens × tokens` (or
///   `heads × tokens × tokens`) tensor as a small square — queries down, keys across, one
///   character per weight on the fixed 0…1 scale of ``Heatmap`` — packed as many to a line
///   as the width allows;
/// - ``whereHeadsLook(_:query:)`` answers "where does this token look?" for every head at
///   once: a table of heads × layers naming the key each head weights most, and how much.
public struct AttentionGrid: Sendable {
    public var style: ANSI
    /// The terminal columns available; nil means 80.
    public var width: Int?

    public init(style: ANSI = .plain, width: Int? = nil) {
        self.style = style
        self.width = width
    }

    /// The matrices of `t` as (layer, head) pairs with their offsets; a 3-D tensor is one layer.
    static func heads(_ t: Tensor) -> (layers: Int, heads: Int, tokens: Int)? {
        switch t.rank {
        case 4 where t.shape[2] == t.shape[3]: return (t.shape[0], t.shape[1], t.shape[3])
        case 3 where t.shape[1] == t.shape[2]: return (1, t.shape[0], t.shape[2])
        case 2 where t.shape[0] == t.shape[1]: return (1, 1, t.shape[1])
        default: return nil
        }
    }

    /// One small square per head; rows of squares labelled by layer.
    public func render(_ t: Tensor) -> String {
        guard let (layers, heads, n) = AttentionGrid.heads(t), n > 0 else {
            return "an attention grid needs layers × heads × tokens × tokens weights, not \(Shape.text(t.shape))"
        }
        let columns = max(20, width ?? 80)
        let tokens = t.labels[t.rank - 1] ?? (0..<n).map(String.init)
        let labelWidth = 9
        let cell = max(n, 3) + 2
        let perLine = max(1, (columns - labelWidth) / cell)
        var lines: [String] = []
        lines.append("queries down, keys across, in token order: " + tokens.joined(separator: " "))
        lines.append("each character is one weight on a fixed 0…1 scale: "
                     + (style.enabled ? "dark = 0, bright = 1" : "' ' ░ ▒ ▓ █ from 0 to 1"))
        let layerNames = t.rank == 4 ? (0..<layers).map { "layer \($0)" } : [""]
        for layer in 0..<layers {
            lines.append("")
            for start in stride(from: 0, to: heads, by: perLine) {
                let group = Array(start..<min(heads, start + perLine))
                var header = ANSI.padRight(start == 0 ? layerNames[layer] : "", labelWidth)
                for h in group { header += ANSI.padRight("h\(h)", cell) }
                lines.append(style.bold(header.trimmingTrailingSpaces))
                // In colour, "▀" packs two queries into one line: the top half is one row's
                // colour, the bottom half the next row's.
                let rowsPerLine = style.enabled ? 2 : 1
                for q in stride(from: 0, to: n, by: rowsPerLine) {
                    var line = String(repeating: " ", count: labelWidth)
                    for h in group {
                        let base = ((layer * heads + h) * n + q) * n
                        line += (0..<n).map { k in
                            rowsPerLine == 2 ? halves(t.data[base + k], q + 1 < n ? t.data[base + n + k] : nil) : glyph(t.data[base + k])
                        }.joined()
                        line += String(repeating: " ", count: cell - n)
                    }
                    lines.append(line.trimmingTrailingSpaces)
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One weight as one character: a coloured block, or a shade without colour.
    func glyph(_ w: Double) -> String {
        let t = w.isFinite ? min(1, max(0, w)) : 0
        guard style.enabled else { return String(Palette.shade(t)) }
        let palette = Palette.sequential
        return style.foreground("█", palette.colours[palette.step(t)])
    }

    /// Two weights, one above the other, in one character cell.
    func halves(_ top: Double, _ bottom: Double?) -> String {
        let palette = Palette.sequential
        func colour(_ w: Double) -> UInt8 { palette.colours[palette.step(w.isFinite ? min(1, max(0, w)) : 0)] }
        guard let bottom else { return style.foreground("▀", colour(top)) }
        return style.cell("▀", background: colour(bottom), foreground: colour(top))
    }

    /// For the query token at `query`: in each layer and head, the key with the largest
    /// weight and that weight. Heads down, layers across.
    public func whereHeadsLook(_ t: Tensor, query: Int) -> String {
        guard let (layers, heads, n) = AttentionGrid.heads(t), query >= 0, query < n else {
            return "where-heads-look needs layers × heads × tokens × tokens weights and a token in range"
        }
        let tokens = t.labels[t.rank - 1] ?? (0..<n).map(String.init)
        let nameWidth = 7, labelWidth = 8
        var lines = ["where “\(tokens[query])” (token \(query)) looks: the key each head weights most, and its weight"]
        var header = String(repeating: " ", count: labelWidth)
        for l in 0..<layers { header += ANSI.padRight("layer \(l)", nameWidth + 5) }
        lines.append(style.bold(header.trimmingTrailingSpaces))
        for h in 0..<heads {
            var line = ANSI.padRight("head \(h)", labelWidth)
            for l in 0..<layers {
                let base = ((l * heads + h) * n + query) * n
                var best = 0
                for k in 1..<max(1, n) where t.data[base + k] > t.data[base + best] { best = k }
                let w = t.data[base + best]
                let name = tokens[best].count > nameWidth ? String(tokens[best].prefix(nameWidth - 1)) + "…" : tokens[best]
                let weight = w >= 0.995 ? "1.0" : "." + String(Int((w * 100).rounded())).leftPadded(2)
                let text = ANSI.padRight(name, nameWidth) + " " + weight
                line += (tokens[best].hasPrefix("[") ? style.dim(text) : text) + "  "
            }
            lines.append(line.trimmingTrailingSpaces)
        }
        lines.append(style.dim("[CLS]/[SEP] are dimmed: a head resting there is often “looking nowhere”"))
        return lines.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
