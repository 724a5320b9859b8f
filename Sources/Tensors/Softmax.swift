#if canImport(Glibc)
import Glibc
#endif

extension Tensor {
    /// Numerically stable softmax along `axis`: subtract the lane's maximum, exponentiate,
    /// divide by the sum. A lane that is all −∞ (a fully masked row) becomes NaN, as in NumPy.
    public func softmax(axis: Int = -1) throws(TensorError) -> Tensor {
        let ax = try normalize(axis: axis)
        let n = shape[ax]
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        var out = self
        out.data.withUnsafeMutableBufferPointer { buf in
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i
                    var m = -Double.infinity
                    var sawNaN = false
                    for j in 0..<n {
                        let v = buf[base + j * inner]
                        if v.isNaN { sawNaN = true }
                        if v > m { m = v }
                    }
                    if sawNaN { m = .nan }
                    var s = 0.0
                    for j in 0..<n {
                        let e = Glibc.exp(buf[base + j * inner] - m)
                        buf[base + j * inner] = e
                        s += e
                    }
                    let r = 1 / s
                    for j in 0..<n { buf[base + j * inner] *= r }
                }
            }
        }
        return out
    }
}
