using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanCourse.Saved;

/// <summary>
/// Notebook 08's code, saved as d2l saves a chapter's code with <c>#@save</c>: the conditional generator and
/// discriminator (a label embedding in front of notebook 07's DCGAN networks) and the conditional
/// discriminator and generator updates. The library's tests train the conditional GAN with these copies (its
/// digits must obey their labels); a test keeps each member identical to the notebook cell that defines it
/// (only <c>public</c> and <c>static</c> differ), so a change is made in the notebook first.
/// </summary>
public static class ConditionalGan
{
    public class ConditionalGenerator : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Embedding embedding;
        readonly nn.Module<Tensor, Tensor> body;

        public ConditionalGenerator(int noiseSize = 100, int classes = 10, int embeddingSize = 10, int filters = 32) : base(nameof(ConditionalGenerator))
        {
            embedding = nn.Embedding(classes, embeddingSize);
            body = Dcgan.Generator(noiseSize + embeddingSize, filters);
            RegisterComponents();
        }

        // z and the label's embedding side by side, then the DCGAN generator.
        public override Tensor forward(Tensor z, Tensor labels) => Draw(z, Embed(labels));

        public Tensor Embed(Tensor labels) => embedding.forward(labels);

        public Tensor Draw(Tensor z, Tensor labelEmbeddings) => body.forward(cat([z, labelEmbeddings], 1));
    }

    public class ConditionalDiscriminator : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Embedding labelMap;
        readonly nn.Module<Tensor, Tensor> body;

        public ConditionalDiscriminator(int classes = 10, int filters = 32) : base(nameof(ConditionalDiscriminator))
        {
            labelMap = nn.Embedding(classes, 784);
            body = Dcgan.Discriminator(filters, inputChannels: 2);
            RegisterComponents();
        }

        // The image and its label's map as two channels (the body unflattens 1,568 values to 2 × 28 × 28).
        public override Tensor forward(Tensor images, Tensor labels) => body.forward(cat([images, labelMap.forward(labels)], 1));
    }

    public static (Tensor Loss, Tensor RealScores, Tensor FakeScores) UpdateDiscriminator(Tensor x, Tensor y, Tensor z, Tensor fakeLabels,
        nn.Module<Tensor, Tensor, Tensor> generator, nn.Module<Tensor, Tensor, Tensor> discriminator, optim.Optimizer optimizer)
    {
        Tensor fake;
        using (no_grad())
            fake = generator.forward(z, fakeLabels);   // G is held
        discriminator.zero_grad();
        var realScores = discriminator.forward(x, y);
        var fakeScores = discriminator.forward(fake, fakeLabels);
        var loss = binary_cross_entropy(realScores, ones_like(realScores))
                 + binary_cross_entropy(fakeScores, zeros_like(fakeScores));
        loss.backward();
        optimizer.step();
        return (loss.detach(), realScores.detach(), fakeScores.detach());
    }

    public static Tensor UpdateGenerator(Tensor z, Tensor labels,
        nn.Module<Tensor, Tensor, Tensor> generator, nn.Module<Tensor, Tensor, Tensor> discriminator, optim.Optimizer optimizer)
    {
        generator.zero_grad();
        var held = discriminator.parameters().Where(p => p.requires_grad).ToList();   // D is held
        foreach (var p in held) p.requires_grad = false;
        Tensor loss;
        try
        {
            var scores = discriminator.forward(generator.forward(z, labels), labels);
            loss = binary_cross_entropy(scores, ones_like(scores));   // −log D(G(z, y'), y')
            loss.backward();
        }
        finally
        {
            foreach (var p in held) p.requires_grad = true;
        }
        optimizer.step();
        return loss.detach();
    }
}
