using System.Diagnostics;

namespace NotebookRunner.Tests.Support;

static class Poll
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false when it still does not after <paramref name="limit"/>.</summary>
    public static bool Until(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) return false;
            Thread.Sleep(100);
        }
        return true;
    }
}
