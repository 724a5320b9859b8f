import Tensors

/// Attention without the `[CLS]` and `[SEP]` tokens: their rows and columns removed and
/// every remaining row divided by its new sum, so each still sums to 1.
///
/// BERT's heads send much of their weight to `[CLS]` and `[SEP]` — a place to rest when a
/// head has nothing to do — and that swamps the pattern among the words. Hiding them shows
/// the words' pattern, but the numbers are no longer the model's: they are renormalised.
/// (exBERT zeroes these columns for the same reason.)
public enum HideSpecialTokens {
    public static let special: Set<String> = ["[CLS]", "[SEP]", "[PAD]"]

    /// `weights` with queries and keys on its last two axes, labelled by `tokens`.
    public static func apply(_ weights: Tensor, tokens: [String]) throws(TensorError) -> Tensor {
        guard weights.rank >= 2, weights.shape[weights.rank - 1] == tokens.count, weights.shape[weights.rank - 2] == tokens.count else {
            throw .invalidArgument("hiding [CLS]/[SEP] needs tokens × tokens weights")
        }
        let keep = tokens.indices.filter { !special.contains(tokens[$0]) }
        guard !keep.isEmpty else { throw .invalidArgument("only special tokens: nothing is left once [CLS] and [SEP] are hidden") }
        let n = tokens.count, m = keep.count
        let lead = Array(weights.shape.dropLast(2))
        let matrices = lead.reduce(1, *)
        var data = [Double](repeating: 0, count: matrices * m * m)
        for mat in 0..<matrices {
            for (qi, q) in keep.enumerated() {
                let row = (mat * n + q) * n
                var sum = 0.0
                for k in keep { sum += weights.data[row + k] }
                for (ki, k) in keep.enumerated() {
                    data[(mat * m + qi) * m + ki] = sum > 0 ? weights.data[row + k] / sum : 0
                }
            }
        }
        let names = keep.map { tokens[$0] }
        var labels = Array(weights.labels.dropLast(2))
        labels += [names, names]
        return Tensor(shape: lead + [m, m], data: data, labels: labels)
    }
}
