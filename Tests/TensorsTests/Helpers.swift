import Tensors

/// 0, 1, 2, … in `shape`: indexing and shape tests can then read source positions off the values.
func iota(_ shape: [Int]) -> Tensor {
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<n).map(Double.init))
}

/// A tensor with the given labels on each axis (nil for none).
func labelled(_ shape: [Int], _ labels: [[String]?]) -> Tensor {
    Tensor(shape: shape, data: iota(shape).data, labels: labels)
}

/// The error an operation throws, or nil if it succeeds.
func thrown<T>(_ body: () throws(TensorError) -> T) -> TensorError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
