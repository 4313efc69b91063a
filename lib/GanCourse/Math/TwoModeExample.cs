namespace GanCourse.Theory;

/// <summary>
/// The course's data with two modes, where the generator's loss decides between covering both modes
/// and dropping one: p_r = ½ N(−2, 0.5²) + ½ N(2, 0.5²), with almost no data between the modes.
/// </summary>
public static class TwoModeExample
{
    /// <summary>p_r = ½ N(−2, 0.5²) + ½ N(2, 0.5²).</summary>
    public static MixtureDensity Data { get; } = Density.Mixture((0.5, Density.Normal(-2, 0.5)), (0.5, Density.Normal(2, 0.5)));

    /// <summary>N(θ, 0.5²): one normal as narrow as a mode, so that at θ = 2 it is exactly one of p_r's modes.</summary>
    public static LocationFamily OneNormal { get; } = LocationFamily.Normal(0.5);

    /// <summary>p_r moved by θ: both modes, misplaced unless θ = 0; at θ = 4 one sits on data and the other where there is none.</summary>
    public static LocationFamily ShiftedCopy { get; } = new(Data, "p_r shifted by θ");

    /// <summary>
    /// Imperfect generators to rank against <see cref="Data"/>: one of its modes; the normal with its
    /// mean and variance (0.25 + 2² = 4.25), which covers both modes and the gap; a normal in the gap;
    /// and the data themselves, where every divergence is 0.
    /// </summary>
    public static IReadOnlyList<(string Name, Density Generator)> Candidates { get; } =
    [
        ("one mode, N(2, 0.5²)", Density.Normal(2, 0.5)),
        ("both modes, N(0, 2.06²)", Density.Normal(0, Math.Sqrt(4.25))),
        ("the gap, N(0, 0.5²)", Density.Normal(0, 0.5)),
        ("p_r itself", Data),
    ];
}
