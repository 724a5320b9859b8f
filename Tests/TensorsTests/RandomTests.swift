import Testing
import Tensors

/// The generator is documented completely (SplitMix64 seeding, xoshiro256**, 53-bit
/// uniforms, Box–Muller), so its first numbers are pinned here. The expected values come
/// from scripts/random_reference.py, an independent Python implementation of that
/// documentation: `python3 scripts/random_reference.py` prints them.
@Suite struct RandomTests {
    @Test func firstBitsOfSeeds() {
        for (seed, first, second) in [(UInt64(1), UInt64(0xb3f2_af6d_0fc7_10c5), nil as UInt64?),
                                      (0, 0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a),
                                      (42, 0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e),
                                      (.max, 0x8f55_20d5_2a7e_ad08, 0xc476_a018_caa1_802d)] {
            var g = RandomGenerator(seed: seed)
            #expect(g.next() == first, "seed \(seed)")
            if let second { #expect(g.next() == second, "seed \(seed)") }
        }
    }

    @Test func uniformSeedOne() {
        var g = RandomGenerator(seed: 1)
        let expected = [0.7029218331588505, 0.5204366199388569, 0.5741057000197225,
                        0.39132860204190445, 0.6971784165599615, 0.1435720367444362]
        // Integer arithmetic and an exact scaling: the same bits on every machine.
        #expect((0..<6).map { _ in g.uniform() } == expected)
    }

    @Test func normalSeedOne() {
        var g = RandomGenerator(seed: 1)
        let expected = [-1.5452228371402943, -1.0136476397283942, 0.9582971460957354, -0.2818097769535309]
        for (i, want) in expected.enumerated() {
            let got = g.normal()
            // log and cos come from the platform's libm: allow a few ulps.
            #expect(Swift.abs(got - want) <= 4 * want.ulp, "normal number \(i): \(got) vs \(want)")
        }
    }

    @Test func seedZeroUniform() {
        var g = RandomGenerator(seed: 0)
        #expect(g.uniform() == 0.6012629994179048)
        #expect(g.uniform() == 0.7477740925472398)
    }

    @Test func sameSeedSameNumbers() throws {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7)
        let x = try Tensor.randn([3, 4], using: &a), y = try Tensor.randn([3, 4], using: &b)
        #expect(x == y)
        #expect(a == b)
        var c = RandomGenerator(seed: 8)
        #expect(try Tensor.randn([3, 4], using: &c) != x)
    }

    @Test func tensorsDrawInRowMajorOrder() throws {
        var g = RandomGenerator(seed: 1), h = RandomGenerator(seed: 1)
        let t = try Tensor.rand([2, 3], using: &g)
        #expect(t.shape == [2, 3])
        #expect(t.data == (0..<6).map { _ in h.uniform() })
        // The next draw continues the same stream.
        #expect(g.uniform() == h.uniform())
        let n = try Tensor.randn([2], using: &g)
        #expect(n.data == [h.normal(), h.normal()])
    }

    @Test func uniformStaysInUnitInterval() {
        var g = RandomGenerator(seed: 3)
        var total = 0.0
        for _ in 0..<10_000 {
            let u = g.uniform()
            #expect(u >= 0 && u < 1)
            total += u
        }
        // The mean of 10 000 uniforms is within 0.5 ± 0.02 with overwhelming probability.
        #expect(Swift.abs(total / 10_000 - 0.5) < 0.02)
    }

    @Test func refusedShapesLeaveTheGeneratorAlone() {
        var g = RandomGenerator(seed: 5)
        let before = g
        #expect(thrown { () throws(TensorError) in try Tensor.randn([100_000, 100_000], using: &g) } == .tooLarge(shape: [100_000, 100_000]))
        #expect(g == before)
    }
}
