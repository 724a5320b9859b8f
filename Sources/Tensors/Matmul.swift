import CBLAS

/// `@`: NumPy's `matmul`, batched over leading axes, computed by OpenBLAS `dgemm`.
extension Tensor {
    /// `a @ b`. `transposeA`/`transposeB` multiply by the transpose of the last two axes
    /// of that operand without copying it (BLAS reads it transposed), which is how
    /// `Q @ K.T` avoids materialising `K.T`.
    public static func matmul(_ a: Tensor, _ b: Tensor,
                              transposeA: Bool = false, transposeB: Bool = false) throws(TensorError) -> Tensor {
        try matmul(a, b, transposeA: transposeA, transposeB: transposeB, panelRows: nil)
    }

    /// `matmul` that splits each product into panels of `panelRows` rows (tests use small
    /// panels); `nil` chooses them from ``panelFlops``.
    static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool,
                       panelRows: Int?) throws(TensorError) -> Tensor {
        guard a.rank >= 1, b.rank >= 1 else { throw .matmul(a.shape, b.shape) }
        // Logical operand shapes (after the optional transposes), with 1-D promoted to 2-D.
        var sa = a.shape, sb = b.shape
        if transposeA, sa.count >= 2 { sa.swapAt(sa.count - 1, sa.count - 2) }
        if transposeB, sb.count >= 2 { sb.swapAt(sb.count - 1, sb.count - 2) }
        let vectorLeft = sa.count == 1, vectorRight = sb.count == 1
        if vectorLeft { sa.insert(1, at: 0) }
        if vectorRight { sb.append(1) }
        let m = sa[sa.count - 2], k = sa[sa.count - 1], n = sb[sb.count - 1]
        guard sb[sb.count - 2] == k else {
            var shownA = a.shape, shownB = b.shape
            if transposeA, shownA.count >= 2 { shownA.swapAt(shownA.count - 1, shownA.count - 2) }
            if transposeB, shownB.count >= 2 { shownB.swapAt(shownB.count - 1, shownB.count - 2) }
            throw .matmul(shownA, shownB)
        }
        let batchA = Array(sa.dropLast(2)), batchB = Array(sb.dropLast(2))
        guard let batch = broadcastShape(batchA, batchB) else { throw .broadcast(a.shape, b.shape) }
        var shape = batch + [m, n]
        let total = try checkedCount(shape)

        // Labels: batch axes broadcast, rows from the left, columns from the right.
        let la = a.logicalLabels(transposed: transposeA), lb = b.logicalLabels(transposed: transposeB)
        var labels = broadcastLabels(
            [Tensor(shape: batchA, data: [Double](repeating: 0, count: batchA.reduce(1, *)), labels: Array(la.dropLast(2))),
             Tensor(shape: batchB, data: [Double](repeating: 0, count: batchB.reduce(1, *)), labels: Array(lb.dropLast(2)))],
            to: batch)
        labels += [vectorLeft ? nil : la[la.count - 2], vectorRight ? nil : lb[lb.count - 1]]

        let batchCount = batch.reduce(1, *)
        let strideA = m * k, strideB = k * n
        let offsetsA = batchOffsets(batch: batch, own: batchA, matrixSize: strideA)
        let offsetsB = batchOffsets(batch: batch, own: batchB, matrixSize: strideB)
        var interrupted = false
        // If interrupted, later panels are never written; the array is thrown away below.
        let data = try Memory.array(count: total) { out in
            // dgemm with beta = 0 writes every element of C, so only an empty sum needs zeros.
            guard m > 0, n > 0, k > 0 else { out.initialize(repeating: 0); return }
            // A product too big to finish in a blink is done in row panels, so Ctrl-C is
            // noticed between them; panels stay large enough for BLAS to run at full speed.
            // Panels of at least 256 rows keep dgemm near its peak.
            let flops = 2 * Double(m) * Double(n) * Double(k)
            let panel = max(1, panelRows ?? (flops > Tensor.panelFlops * 2
                ? max(256, Int(Tensor.panelFlops / (2 * Double(n) * Double(k))) / 64 * 64) : m))
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    for i in 0..<batchCount {
                        var row = 0
                        while row < m {
                            if Interrupt.isRequested { interrupted = true; return }
                            let rows = min(panel, m - row)
                            // Rows of op(A) start `row` rows down A, or `row` columns across Aᵀ.
                            let startA = transposeA && !vectorLeft ? row : row * k
                            gemm(m: rows, n: n, k: k,
                                 a: pa.baseAddress! + offsetsA[i] + startA, lda: transposeA && !vectorLeft ? m : k,
                                 transposeA: transposeA && !vectorLeft,
                                 b: pb.baseAddress! + offsetsB[i], transposeB: transposeB && !vectorRight,
                                 c: out.baseAddress! + i * m * n + row * n)
                            row += rows
                        }
                    }
                }
            }
        }
        if interrupted { throw .interrupted }
        if vectorLeft { shape.remove(at: shape.count - 2); labels.remove(at: labels.count - 2) }
        if vectorRight { shape.removeLast(); labels.removeLast() }
        return Tensor(shape: shape, data: data, labels: labels)
    }

    /// Labels as seen through an optional transpose of the last two axes.
    func logicalLabels(transposed: Bool) -> [[String]?] {
        var l = labels
        if rank == 1 { return transposed ? l : l }
        if transposed { l.swapAt(rank - 1, rank - 2) }
        return l
    }

    /// For each batch index of the result, where that operand's matrix starts.
    static func batchOffsets(batch: [Int], own: [Int], matrixSize: Int) -> [Int] {
        let count = batch.reduce(1, *)
        guard !own.isEmpty else { return [Int](repeating: 0, count: count) }
        let ownStrides = strides(of: own).map { $0 * matrixSize }
        let pad = batch.count - own.count
        var offsets = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: batch.count)
        for i in 0..<count {
            var off = 0
            for axis in pad..<batch.count where own[axis - pad] != 1 {
                off += index[axis] * ownStrides[axis - pad]
            }
            offsets[i] = off
            var axis = batch.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < batch[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return offsets
    }

    /// Floating-point operations one BLAS call may take before Ctrl-C is polled
    /// (about 20–40 ms on two cores).
    static let panelFlops = 2.0 * 1024 * 1024 * 1024

    /// C (m×n) = op(A) (m×k) · op(B) (k×n), all row-major; `lda` is the stored row length
    /// of A (k, or the full m of a transposed A of which this is a panel).
    static func gemm(m: Int, n: Int, k: Int,
                     a: UnsafePointer<Double>, lda: Int, transposeA: Bool,
                     b: UnsafePointer<Double>, transposeB: Bool,
                     c: UnsafeMutablePointer<Double>) {
        let ldb = transposeB ? k : n
        cblas_dgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), 1.0,
                    a, blasint(max(1, lda)), b, blasint(max(1, ldb)), 0.0, c, blasint(max(1, n)))
    }
}
