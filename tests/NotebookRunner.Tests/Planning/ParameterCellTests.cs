using NotebookRunner.Planning;

namespace NotebookRunner.Tests.Planning;

public class ParameterCellTests
{
    [Fact]
    public void Reads_declared_and_inferred_types()
    {
        var declarations = ParameterCell.Declarations("""
            // Defaults
            int epochs = 100;
            double learningRate = 1e-3, beta = 0.9;
            bool quick = false;
            string dataFolder = "data";
            NoiseKind noise = NoiseKind.Uniform;
            var seed = 42;
            var scale = -0.5;
            var label = "x";
            var mode = Modes.Fast;
            long big = 1L;
            float f = 1f;
            decimal money = 1m;
            System.Int32 qualified = 3;
            int? maybe = null;
            const int Fixed = 1;
            List<int> list = new();
            """);

        Assert.Equal(
            [
                ("epochs", "int", ParameterKind.Int), ("learningRate", "double", ParameterKind.Double), ("beta", "double", ParameterKind.Double),
                ("quick", "bool", ParameterKind.Bool), ("dataFolder", "string", ParameterKind.String), ("noise", "NoiseKind", ParameterKind.Enum),
                ("seed", "int", ParameterKind.Int), ("scale", "double", ParameterKind.Double), ("label", "string", ParameterKind.String),
                ("mode", "Modes", ParameterKind.Enum), ("big", "long", ParameterKind.Long), ("f", "float", ParameterKind.Float),
                ("money", "decimal", ParameterKind.Decimal), ("qualified", "System.Int32", ParameterKind.Int), ("maybe", "int?", ParameterKind.Int),
                ("Fixed", "int", ParameterKind.Unsupported), ("list", "List<int>", ParameterKind.Unsupported),
            ],
            declarations.Select(d => (d.Name, d.TypeName, d.Kind)));
    }

    [Theory]
    [InlineData("int", "3", "x = 3;")]
    [InlineData("int", " -7 ", "x = -7;")]
    [InlineData("double", "0.5", "x = 0.5d;")]
    [InlineData("double", "3", "x = 3d;")]
    [InlineData("double", "1e-4", "x = 0.0001d;")]
    [InlineData("float", "2.5", "x = 2.5f;")]
    [InlineData("long", "5", "x = 5L;")]
    [InlineData("decimal", "1.25", "x = 1.25m;")]
    [InlineData("bool", "True", "x = true;")]
    [InlineData("bool", "false", "x = false;")]
    [InlineData("string", "a \"quoted\" \\ path", "x = \"a \\\"quoted\\\" \\\\ path\";")]
    [InlineData("string", "", "x = \"\";")]
    [InlineData("Mode", "Fast", "x = Mode.Fast;")]
    [InlineData("Mode", "Mode.Slow", "x = Mode.Slow;")]
    public void Writes_assignments_with_the_declared_type(string type, string value, string expected)
    {
        var declaration = ParameterCell.Declarations($"{type} x = default;").Single();
        Assert.Equal(expected, declaration.Assignment(value, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("int", "3.5", "not a valid int")]
    [InlineData("int", "many", "not a valid int")]
    [InlineData("bool", "yes", "not a valid bool")]
    [InlineData("double", "1,5", "not a valid double")]
    [InlineData("Mode", "not valid!", "not a valid Mode")]
    [InlineData("List<int>", "1", "--param can set int, long, double")]
    public void Rejects_values_of_the_wrong_type(string type, string value, string expected)
    {
        var declaration = ParameterCell.Declarations($"{type} x = default;").Single();
        Assert.Null(declaration.Assignment(value, out var problem));
        Assert.Contains(expected, problem);
    }
}
