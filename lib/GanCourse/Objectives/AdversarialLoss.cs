using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanCourse.Objectives;

/// <summary>
/// What one critic (or discriminator) step computed: the loss to minimise and, for the record, the
/// mean raw scores on the real and the generated batch. For a Wasserstein critic
/// <c>RealScore − FakeScore</c> is its estimate of W1; for a discriminator the scores are logits.
/// </summary>
/// <param name="Loss">The scalar the critic's optimizer minimises.</param>
/// <param name="RealScore">Mean critic output on the real batch (detached).</param>
/// <param name="FakeScore">Mean critic output on the generated batch (detached).</param>
/// <param name="Penalty">E[(‖∇f(x̂)‖ − 1)²] without λ, for WGAN-GP; null otherwise.</param>
/// <param name="GradientNorm">Mean ‖∇f(x̂)‖ on the interpolates, for WGAN-GP; null otherwise.</param>
public sealed record CriticLossTerms(Tensor Loss, Tensor RealScore, Tensor FakeScore, Tensor? Penalty = null, Tensor? GradientNorm = null);

/// <summary>
/// The two players' losses of one GAN variant, on the critic's raw outputs (no sigmoid in the network).
/// The same networks and training loop then train a vanilla GAN or a WGAN; only this object differs.
/// </summary>
public abstract class AdversarialLoss
{
    /// <summary>A short name for tables and legends, e.g. "WGAN-GP (λ = 10)".</summary>
    public abstract string Name { get; }

    /// <summary>The critic's loss on a real batch and a generated batch (detached from the generator).</summary>
    public abstract CriticLossTerms CriticLoss(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator? generator = null);

    /// <summary>The generator's loss from the critic's scores of generated samples.</summary>
    public abstract Tensor GeneratorLoss(Tensor fakeScores);

    /// <summary>Runs after every step of the critic's optimizer (weight clipping lives here).</summary>
    public virtual void AfterCriticStep(nn.Module<Tensor, Tensor> critic) { }

    public override string ToString() => Name;

    /// <summary>
    /// The vanilla GAN of the lecture on logits: D minimises BCE(real, 1) + BCE(fake, 0), G minimises the
    /// non-saturating −log D(G(z)).
    /// </summary>
    public static AdversarialLoss NonSaturating { get; } = new NonSaturatingLoss();

    /// <summary>
    /// WGAN-GP: the critic minimises E f(G(z)) − E f(x) + λ·E[(‖∇f(x̂)‖₂ − 1)²], the generator −E f(G(z)).
    /// </summary>
    public static AdversarialLoss WassersteinGradientPenalty(double lambda = 10) => new WassersteinGpLoss(lambda);

    /// <summary>
    /// The original WGAN (Arjovsky et al. 2017): the same critic and generator losses without a penalty;
    /// after every critic step each weight is clipped to [−c, c].
    /// </summary>
    public static AdversarialLoss WassersteinWeightClipping(double clip = 0.01) => new WeightClippedWassersteinLoss(clip);

    sealed class NonSaturatingLoss : AdversarialLoss
    {
        public override string Name => "vanilla GAN (non-saturating)";

        public override CriticLossTerms CriticLoss(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator? generator = null)
        {
            var realLogit = critic.forward(real);
            var fakeLogit = critic.forward(fake);
            var loss = F.binary_cross_entropy_with_logits(realLogit, ones_like(realLogit))
                     + F.binary_cross_entropy_with_logits(fakeLogit, zeros_like(fakeLogit));
            return new CriticLossTerms(loss, realLogit.mean().detach(), fakeLogit.mean().detach());
        }

        public override Tensor GeneratorLoss(Tensor fakeScores) =>
            F.binary_cross_entropy_with_logits(fakeScores, ones_like(fakeScores));
    }

    /// <summary>The Wasserstein losses shared by both ways of keeping the critic Lipschitz.</summary>
    abstract class WassersteinLoss : AdversarialLoss
    {
        public override Tensor GeneratorLoss(Tensor fakeScores) => -fakeScores.mean();

        protected static (Tensor Loss, Tensor Real, Tensor Fake) Scores(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake)
        {
            var realScore = critic.forward(real).mean();
            var fakeScore = critic.forward(fake).mean();
            return (fakeScore - realScore, realScore.detach(), fakeScore.detach());
        }
    }

    sealed class WassersteinGpLoss : WassersteinLoss
    {
        readonly double lambda;

        public WassersteinGpLoss(double lambda)
        {
            if (!(lambda > 0) || !double.IsFinite(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be a positive number.");
            this.lambda = lambda;
        }

        public override string Name => $"WGAN-GP (λ = {lambda:G4})";

        public override CriticLossTerms CriticLoss(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator? generator = null)
        {
            var (loss, realScore, fakeScore) = Scores(critic, real, fake);
            var (penalty, norm) = GradientPenalty.Compute(critic, real, fake, generator);
            return new CriticLossTerms(loss + lambda * penalty, realScore, fakeScore, penalty.detach(), norm);
        }
    }

    sealed class WeightClippedWassersteinLoss : WassersteinLoss
    {
        readonly double clip;

        public WeightClippedWassersteinLoss(double clip)
        {
            if (!(clip > 0) || !double.IsFinite(clip)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "the clipping bound c must be a positive number.");
            this.clip = clip;
        }

        public override string Name => $"WGAN, weights clipped to ±{clip:G4}";

        public override CriticLossTerms CriticLoss(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator? generator = null)
        {
            var (loss, realScore, fakeScore) = Scores(critic, real, fake);
            return new CriticLossTerms(loss, realScore, fakeScore);
        }

        public override void AfterCriticStep(nn.Module<Tensor, Tensor> critic)
        {
            using var _ = no_grad();
            foreach (var p in critic.parameters()) p.clamp_(-clip, clip);
        }
    }
}
