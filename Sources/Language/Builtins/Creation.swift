import Tensors

extension Builtins {
    static let creation: [Builtin] = [
        Builtin("zeros(*shape)", "a tensor of zeros: zeros(2, 3) or zeros([2, 3])") { c throws(LanguageError) in
            let shape = try c.shape(from: c.rest)
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.zeros(shape) })
        },
        Builtin("ones(*shape)", "a tensor of ones: ones(2, 3) or ones([2, 3])") { c throws(LanguageError) in
            let shape = try c.shape(from: c.rest)
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.ones(shape) })
        },
        Builtin("full(shape, value)", "a tensor of one repeated value: full([2, 3], 7)") { c throws(LanguageError) in
            let shape = try c.shape(from: [c.arg("shape")!])
            let v = try c.double("value")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor(repeating: v, shape: shape) })
        },
        Builtin("eye(n, m=None, k=0)", "the n×n identity matrix (n×m, ones on diagonal k)") { c throws(LanguageError) in
            let n = try c.int("n"), m = try c.optionalInt("m"), k = try c.int("k", default: 0)
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.eye(n, m, k: k) })
        },
        Builtin("arange(start, stop=None, step=1)", "evenly spaced numbers: arange(5) is 0 1 2 3 4; arange(1, 2, 0.5) is 1 1.5") { c throws(LanguageError) in
            var start = try c.double("start"), stop: Double
            if c.has("stop") { stop = try c.double("stop") } else { stop = start; start = 0 }
            let step = try c.double("step", default: 1)
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.arange(start, stop, step) })
        },
        Builtin("linspace(start, stop, num=50)", "num evenly spaced numbers from start to stop, both included") { c throws(LanguageError) in
            let a = try c.double("start"), b = try c.double("stop"), n = try c.int("num", default: 50)
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.linspace(a, b, n) })
        },
    ]

    static let random: [Builtin] = [
        Builtin("seed(n)", "restart the random generator from seed n, so rand/randn repeat exactly") { c throws(LanguageError) in
            let n = try c.int("n")
            guard n >= 0 else { throw c.fail("the seed must be 0 or more", "n") }
            c.random = RandomGenerator(seed: UInt64(n) &+ c.seedShift)
            return .none
        },
        Builtin("rand(*shape)", "uniform random numbers in [0, 1): rand(2, 3)") { c throws(LanguageError) in
            let shape = try c.shape(from: c.rest)
            var g = c.random
            let t = try c.engine { () throws(TensorError) in try Tensor.rand(shape, using: &g) }
            c.random = g
            return .tensor(t)
        },
        Builtin("randn(*shape)", "standard normal random numbers (mean 0, variance 1): randn(4, 8)") { c throws(LanguageError) in
            let shape = try c.shape(from: c.rest)
            var g = c.random
            let t = try c.engine { () throws(TensorError) in try Tensor.randn(shape, using: &g) }
            c.random = g
            return .tensor(t)
        },
    ]
}
