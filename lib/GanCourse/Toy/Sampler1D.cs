namespace GanCourse.Toy;

/// <summary>Draws <paramref name="count"/> samples of a one-dimensional distribution using <paramref name="random"/>.</summary>
public delegate double[] Sampler1D(int count, Random random);
