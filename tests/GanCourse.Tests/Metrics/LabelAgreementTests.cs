using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class LabelAgreementTests
{
    /// <summary>A "classifier" whose scores are its input: one-hot rows are classified as their hot index.</summary>
    static nn.Module<Tensor, Tensor> Identity() => nn.Identity();

    static Tensor OneHot(params long[] classes) => nn.functional.one_hot(tensor(classes), 4).to_type(ScalarType.Float32);

    [Fact]
    public void The_share_counts_predictions_equal_to_the_expected_label_overall_and_per_class()
    {
        var images = OneHot(0, 1, 2, 2, 1, 0);
        var expected = tensor(new long[] { 0, 1, 2, 1, 1, 1 });

        var score = LabelAgreement.Score(Identity(), images, expected, classes: 4);

        Assert.Equal((6, 4), (score.Count, score.Agreeing));
        Assert.Equal(4.0 / 6, score.Share, 12);
        Assert.Equal([1, 4, 1, 0], score.ImagesPerClass);
        Assert.Equal([1.0, 0.5, 1.0], score.PerClass.Take(3));
        Assert.True(double.IsNaN(score.PerClass[3]));
        // Of the images expected to be a 1, one was classified as a 2 and one as a 0.
        Assert.Equal([(1, 0, 1), (1, 2, 1)], score.Confusions);
    }

    [Fact]
    public void Confusions_are_ranked_by_count_and_leave_out_agreements()
    {
        var score = LabelAgreement.Compare([3, 3, 3, 1, 1, 0, 2], [0, 0, 0, 0, 0, 0, 2], classes: 4);

        Assert.Equal([(0, 3, 3), (0, 1, 2)], score.Confusions);
        Assert.Equal(2, score.Agreeing);   // the fifth 0 and the 2
        Assert.Empty(LabelAgreement.Compare([1, 2], [1, 2], classes: 3).Confusions);
    }

    [Fact]
    public void Prediction_in_small_batches_gives_the_same_answer_and_restores_the_mode()
    {
        var model = Identity();
        model.train();
        var images = OneHot(3, 1, 2, 0, 0, 1, 3);

        Assert.Equal([3L, 1, 2, 0, 0, 1, 3], LabelAgreement.Predict(model, images, batchSize: 3).data<long>().ToArray());
        Assert.True(model.training);
        Assert.Equal(0, LabelAgreement.Predict(model, OneHot().reshape(0, 4)).shape[0]);
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_clear_messages()
    {
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;
        var images = OneHot(0, 1);

        Assert.Contains("2 images but 3", Message(() => LabelAgreement.Score(Identity(), images, tensor(new long[] { 0, 1, 1 }))));
        Assert.Contains("int64", Message(() => LabelAgreement.Score(Identity(), images, tensor(new[] { 0f, 1f }))));
        Assert.Contains("outside 0 … 3", Message(() => LabelAgreement.Compare([0, 1], [0, 4], classes: 4)));
        Assert.Contains("2 predictions for 1", Message(() => LabelAgreement.Compare([0, 1], [0])));
        Assert.Contains("one score per class", Message(() => LabelAgreement.Predict(Identity(), rand(3, 2, 2))));
        Assert.Contains("batch of images", Message(() => LabelAgreement.Predict(Identity(), rand(3))));
    }
}
