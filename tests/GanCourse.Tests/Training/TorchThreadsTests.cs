using GanCourse.Training;
using TorchSharp;

namespace GanCourse.Tests.Training;

public class TorchThreadsTests
{
    [Fact]
    public void A_block_runs_with_the_asked_thread_count_and_the_previous_one_returns()
    {
        using (TorchThreads.Use(2))
        {
            using (TorchThreads.Use(1)) Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(2, torch.get_num_threads());
            using (TorchThreads.Use(null)) Assert.Equal(2, torch.get_num_threads());
            var scope = TorchThreads.Use(1);
            scope.Dispose();
            scope.Dispose();   // twice is harmless
            Assert.Equal(2, torch.get_num_threads());
        }
    }

    [Fact]
    public void Fewer_than_one_thread_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchThreads.Use(0));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingLoop(new TrainingOptions { Threads = 0 }));
        Assert.Contains("TrainingOptions.Threads must be at least 1", error.Message);
    }
}
