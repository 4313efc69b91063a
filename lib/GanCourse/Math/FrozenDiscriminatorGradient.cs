namespace GanCourse.Theory;

/// <summary>
/// What a generator's loss gradient is when the discriminator is the optimal one for the current
/// generator and held fixed while the generator steps, the situation the theory of GANs analyses.
/// </summary>
/// <remarks>
/// <para>
/// With θ₀ the current parameter, D*(x) = p_r/(p_r + p_θ₀) = σ(s(x)), s = log p_r − log p_θ₀, is frozen.
/// A generator step differentiates through the sample x = G_θ(ε) = θ + ε (the reparameterisation a
/// training loop backpropagates through), so by the chain rule, with ∂x/∂θ = 1 and the logit slopes of
/// <see cref="GeneratorGradients"/>,
/// </para>
/// <para>
/// ∂/∂θ E[−log D*(G_θ(ε))] = −E_{x∼p_θ₀}[(1 − D*(x)) · s′(x)] and
/// ∂/∂θ E[log(1 − D*(G_θ(ε)))] = −E_{x∼p_θ₀}[D*(x) · s′(x)],
/// </para>
/// <para>
/// where s′ = d/dx log p_r − d/dx log p_θ₀. Both are integrated by quadrature in log space.
/// </para>
/// <para>
/// Arjovsky and Bottou ("Towards Principled Methods for Training Generative Adversarial Networks",
/// ICLR 2017, Theorem 2.5) show that at θ₀ the first equals d/dθ [KL(p_θ‖p_r) − 2·JS(p_θ‖p_r)] and the
/// second d/dθ 2·JS(p_θ‖p_r); <see cref="DivergenceSlope"/> computes those independently. In short:
/// the optimum's value max_D v = 2·JS − 2·log 2 has, since D* maximises v pointwise, the gradient of v
/// with D held at D*, which is ∇E_{p_θ}[log(1 − D*)]. And D*/(1 − D*) = p_r/p_θ₀ gives
/// −log D* = −log(1 − D*) + log(p_θ₀/p_r), where ∇E_{p_θ}[log(p_θ₀/p_r)] = ∫ ∇p_θ log(p_θ₀/p_r) is
/// ∇KL(p_θ‖p_r) at θ₀, because the other term of that gradient, ∫ p_θ ∇log p_θ = ∇∫ p_θ, is 0.
/// </para>
/// </remarks>
public static class FrozenDiscriminatorGradient
{
    /// <summary>
    /// d/dθ E_{x∼p_θ}[−log D*(x)] at <paramref name="theta"/>, the non-saturating loss's gradient with
    /// D* = p_r/(p_r + p_θ₀) frozen.
    /// </summary>
    public static double NonSaturating(Density real, LocationFamily generator, double theta, QuadratureRule rule = QuadratureRule.GaussKronrod) =>
        Integrate(real, generator, theta, rule, logit => LogSpace.LogSigmoid(-logit));

    /// <summary>
    /// d/dθ E_{x∼p_θ}[log(1 − D*(x))] at <paramref name="theta"/>, the minimax loss's gradient with
    /// D* = p_r/(p_r + p_θ₀) frozen.
    /// </summary>
    public static double Minimax(Density real, LocationFamily generator, double theta, QuadratureRule rule = QuadratureRule.GaussKronrod) =>
        Integrate(real, generator, theta, rule, LogSpace.LogSigmoid);

    /// <summary>
    /// −∫ p_θ₀(x) · w(x) · s′(x) dx with log w = <paramref name="logWeight"/>(s(x)): w = 1 − D* for the
    /// non-saturating loss, D* for the minimax loss. The weight is folded into log p_θ₀ so that the
    /// product stays exact where p_θ₀ underflows or D* rounds to 0 or 1.
    /// </summary>
    static double Integrate(Density real, LocationFamily generator, double theta, QuadratureRule rule, Func<double, double> logWeight)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generator);
        var fake = generator.At(theta);
        var (lower, upper, breakpoints) = Quadrature.Domain(real, fake);
        return Quadrature.Integrate(x =>
        {
            var logFake = fake.LogPdf(x);
            var logit = real.LogPdf(x) - logFake;
            var logitSlope = real.LogPdfDerivative(x) - fake.LogPdfDerivative(x);
            return LogSpace.Weighted(logFake + logWeight(logit), -logitSlope);
        }, breakpoints, lower, upper, rule);
    }
}
