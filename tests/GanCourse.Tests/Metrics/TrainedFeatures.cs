using GanCourse.Metrics;

namespace GanCourse.Tests.Metrics;

/// <summary>
/// The course's feature network (<see cref="FeatureNetwork.Load(TextWriter?, string?)"/> with its real recipe),
/// trained once per test run into a temporary cache folder that is deleted when the process exits. Tests that
/// use it belong to the seeded collection: training reseeds TorchSharp's global generator while it runs.
/// </summary>
static class TrainedFeatures
{
    static readonly Lazy<(FeatureNetwork Network, string Folder, string Log)> Trained = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), $"gancourse-features-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
        var log = new StringWriter();
        return (FeatureNetwork.Load(log, folder), folder, log.ToString());
    });

    /// <summary>The network the first load trained (never disposed: it lives as long as the test run).</summary>
    public static FeatureNetwork Network => Trained.Value.Network;

    /// <summary>The cache folder the first load wrote into.</summary>
    public static string Folder => Trained.Value.Folder;

    /// <summary>What the first load wrote to its log.</summary>
    public static string FirstLog => Trained.Value.Log;
}
