using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// libtorch's CPU random generator (a 32-bit Mersenne Twister) run in managed code on a copy of the global
/// generator's state, which is written back afterwards: the draws are the ones libtorch would have made,
/// and the generator ends where libtorch would have left it, but the twister runs vectorised instead of one
/// call per element. The state travels in libtorch's documented byte layout (<c>get_rng_state()</c>); a
/// self-check against libtorch's own draws, run once, turns this off if a libtorch release changes anything.
/// </summary>
internal sealed class TorchCpuRandom : IDisposable
{
    const int N = 624, M = 397;
    const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;
    // Byte layout of libtorch's CPUGeneratorImplState: seed (u64), left (i32), seeded (i32), next (u64), state[624] (u64).
    const int LeftOffset = 8, NextOffset = 16, StateOffset = 24, StateBytes = 5056;

    readonly byte[] bytes = new byte[StateBytes];
    readonly uint[] state = new uint[N];
    readonly uint[] buffer = new uint[1024];
    int left, next;
    Tensor? stored;

    /// <summary>True when this class reproduces libtorch's draws (checked once against libtorch itself).</summary>
    public static bool Works => SelfCheck.Value;

    /// <summary>Takes a copy of the global generator's state; call <see cref="Store"/> when done drawing.</summary>
    public void Load()
    {
        using var current = get_rng_state();
        if (!Load(current)) throw new InvalidOperationException("libtorch's CPU generator state has an unexpected layout.");
    }

    bool Load(Tensor source)
    {
        if (source.dtype != ScalarType.Byte || source.numel() != StateBytes || !BitConverter.IsLittleEndian) return false;
        source.bytes.CopyTo(bytes);
        left = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(LeftOffset));
        next = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(NextOffset));
        for (int i = 0; i < N; i++) state[i] = (uint)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(StateOffset + 8 * i));
        return true;
    }

    /// <summary>Writes the advanced state back into the global generator.</summary>
    public void Store()
    {
        WriteState();
        stored ??= empty(StateBytes, ScalarType.Byte).DetachFromDisposeScope();
        bytes.CopyTo(stored.bytes);
        set_rng_state(stored);
    }

    public void Dispose() => stored?.Dispose();

    void WriteState()
    {
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(LeftOffset), left);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(NextOffset), (ulong)next);
        for (int i = 0; i < N; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(StateOffset + 8 * i), state[i]);
    }

    /// <summary>
    /// Writes, for each element, <paramref name="scale"/> where libtorch's <c>bernoulli_(keep)</c> keeps it and 0
    /// where it drops it: per element one <c>random64()</c> (two outputs, the first in the high word), kept
    /// when its low 53 bits, as a fraction of 2⁵³, are below <paramref name="keep"/>.
    /// </summary>
    // The loops here are compiled fully optimised at once; tiered compilation would run the first few
    // hundred training steps on unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillMask(Span<float> mask, double keep, float scale)
    {
        // u = k·2⁻⁵³ < keep ⟺ k < keep·2⁵³ ⟺ k < ⌈keep·2⁵³⌉ for integer k (keep·2⁵³ is exact in double).
        long threshold = (long)Math.Ceiling(keep * 9007199254740992.0);
        int scaleBits = BitConverter.SingleToInt32Bits(scale);
        Span<uint> words = buffer;
        int done = 0;
        while (done < mask.Length)
        {
            int count = Math.Min(mask.Length - done, words.Length / 2);
            Fill(words[..(2 * count)]);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // Two outputs per element: read as one little-endian ulong they are (second << 32) | first;
                // libtorch's random64 is (first << 32) | second, so swap the halves, keep 53 bits, compare.
                // No branches: which elements survive is a coin toss, so a branch would mispredict half the time.
                var pairs = MemoryMarshal.Cast<uint, Vector<long>>(words[..(2 * count)]);
                var low53 = new Vector<long>((1L << 53) - 1);
                var limit = new Vector<long>(threshold);
                var kept = new Vector<int>(scaleBits);
                var target = MemoryMarshal.Cast<float, Vector<int>>(mask.Slice(done, count));
                for (int k = 0; k < target.Length; k++)
                {
                    var a = Vector.LessThan(Swap(pairs[2 * k]) & low53, limit);
                    var b = Vector.LessThan(Swap(pairs[2 * k + 1]) & low53, limit);
                    target[k] = Vector.Narrow(a, b) & kept;
                }
                i = target.Length * Vector<int>.Count;
            }
            for (; i < count; i++)
            {
                long bits = ((long)(words[2 * i] & 0x1FFFFF) << 32) | words[2 * i + 1];
                int survives = (int)((ulong)(bits - threshold) >> 63);
                mask[done + i] = BitConverter.Int32BitsToSingle(scaleBits & -survives);
            }
            done += count;
        }
    }

    static Vector<long> Swap(Vector<long> v) => (v >>> 32) | (v << 32);

    /// <summary>The next outputs of the twister, in order, as libtorch's <c>random()</c> returns them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Fill(Span<uint> output)
    {
        int done = 0;
        while (done < output.Length)
        {
            // libtorch: if (--left == 0) regenerate; then take state[next++]. So left − 1 outputs remain before the next regeneration.
            if (left == 1)
            {
                Twist();
                output[done++] = Temper(state[next++]);
                continue;
            }
            int run = Math.Min(left - 1, output.Length - done);
            Temper(state.AsSpan(next, run), output.Slice(done, run));
            left -= run;
            next += run;
            done += run;
        }
    }

    static uint Temper(uint y)
    {
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >> 18);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Temper(ReadOnlySpan<uint> source, Span<uint> target)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var b = new Vector<uint>(0x9d2c5680);
            var c = new Vector<uint>(0xefc60000);
            for (; i + Vector<uint>.Count <= source.Length; i += Vector<uint>.Count)
            {
                var y = new Vector<uint>(source[i..]);
                y ^= y >>> 11;
                y ^= (y << 7) & b;
                y ^= (y << 15) & c;
                (y ^ (y >>> 18)).CopyTo(target[i..]);
            }
        }
        for (; i < source.Length; i++) target[i] = Temper(source[i]);
    }

    /// <summary>libtorch's <c>next_state()</c>: the standard MT19937 regeneration, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Twist()
    {
        var s = state.AsSpan();
        int i = 0;
        // s[i] = s[i + M] ^ twist(s[i], s[i + 1]) for i < N − M reads only old words; later ones read words
        // written at least N − M = 227 places earlier, so eight at a time never reads a word it is writing.
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<uint>.Count;
            for (; i + width <= N - M; i += width)
                Step(new Vector<uint>(s[(i + M)..]), new Vector<uint>(s[i..]), new Vector<uint>(s[(i + 1)..])).CopyTo(s[i..]);
        }
        for (; i < N - M; i++) s[i] = s[i + M] ^ Twist(s[i], s[i + 1]);
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<uint>.Count;
            for (; i + width <= N - 1; i += width)
                Step(new Vector<uint>(s[(i + M - N)..]), new Vector<uint>(s[i..]), new Vector<uint>(s[(i + 1)..])).CopyTo(s[i..]);
        }
        for (; i < N - 1; i++) s[i] = s[i + M - N] ^ Twist(s[i], s[i + 1]);
        s[N - 1] = s[M - 1] ^ Twist(s[N - 1], s[0]);
        left = N;
        next = 0;
    }

    static uint Twist(uint u, uint v) => (((u & UpperMask) | (v & LowerMask)) >> 1) ^ ((v & 1) != 0 ? MatrixA : 0);

    static Vector<uint> Step(Vector<uint> far, Vector<uint> u, Vector<uint> v)
    {
        var mixed = ((u & new Vector<uint>(UpperMask)) | (v & new Vector<uint>(LowerMask))) >>> 1;
        var odd = Vector.Equals(v & Vector<uint>.One, Vector<uint>.One);
        return far ^ mixed ^ (odd & new Vector<uint>(MatrixA));
    }

    /// <summary>
    /// Runs the twister on a copy of a freshly seeded state for more than one regeneration and compares its
    /// masks with libtorch's own <c>bernoulli_</c> draws from the same state (on a private generator, so the
    /// global stream is untouched); also checks the state it would store back.
    /// </summary>
    static readonly Lazy<bool> SelfCheck = new(() =>
    {
        try
        {
            using var scope = NewDisposeScope();
            using var generator = new torch.Generator(20240531, CPU);
            using var initial = generator.get_state();
            using var ours = new TorchCpuRandom();
            if (!ours.Load(initial)) return false;
            const int count = 700; // 1,400 outputs: crosses two regenerations
            var mask = new float[count];
            ours.FillMask(mask, 0.5, 2f);
            var expected = empty(count, ScalarType.Float64).bernoulli_(0.5, generator);
            if (!expected.data<double>().ToArray().Select(v => (float)(v * 2)).SequenceEqual(mask)) return false;

            // The stored state must continue the stream exactly where libtorch's did.
            ours.WriteState();
            using var after = generator.get_state();
            return after.bytes.SequenceEqual(ours.bytes);
        }
        catch (Exception e) when (e is ArgumentException or ExternalException or InvalidOperationException)
        {
            return false;
        }
    });
}
