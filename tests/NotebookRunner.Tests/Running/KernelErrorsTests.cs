using NotebookRunner.Running;

namespace NotebookRunner.Tests.Running;

public class KernelErrorsTests
{
    [Fact]
    public void Compile_errors_name_the_cell_line_column_and_code_counted_in_the_cell_as_written()
    {
        var cell = "int y = 1;\n#r \"nuget: Humanizer.Core, 2.14.1\"\nstring s = 5;\nint t = \"x\";";
        var map = CompiledLines.Map("int y = 1;\nstring s = 5;\nint t = \"x\";", cell);
        var (error, status) = KernelErrors.FromFailure(
            "(2,12): error CS0029: Cannot implicitly convert type 'int' to 'string'\n(3,9): error CS0029: Cannot implicitly convert type 'string' to 'int'", "cell 4", map);

        Assert.Equal(CellStatus.CompileError, status);
        Assert.Equal("CompilationError", error.Name);
        Assert.Equal(
            ["cell 4, line 3, column 12: error CS0029: Cannot implicitly convert type 'int' to 'string'",
             "cell 4, line 4, column 9: error CS0029: Cannot implicitly convert type 'string' to 'int'"],
            error.Traceback);
    }

    [Fact]
    public void Exceptions_keep_type_message_and_the_cells_frames()
    {
        var (error, status) = KernelErrors.FromFailure(
            "System.InvalidOperationException: the data are\nnot ready\n   at Submission#5.<<Initialize>>d__0.MoveNext()\n--- End of stack trace from previous location ---\n   at Microsoft.CodeAnalysis.Scripting.ScriptExecutionState.RunSubmissionsAsync[TResult](ImmutableArray`1 precedingExecutors)",
            "cell 2", null);

        Assert.Equal(CellStatus.RuntimeError, status);
        Assert.Equal(("System.InvalidOperationException", "the data are\nnot ready"), (error.Name, error.Value));
        Assert.Contains(error.Traceback, l => l.Contains("Submission#5"));
        Assert.DoesNotContain(error.Traceback, l => l.Contains("Microsoft.CodeAnalysis.Scripting"));
    }

    [Fact]
    public void A_failed_restore_is_a_setup_error_and_its_summary_carries_the_reason()
    {
        var message = "/root/.packagemanagement/nuget/Projects/1/Project.fsproj : error NU1101: Unable to find package No.Such.Package. No packages exist with this id in source(s): the configured package source";
        var (error, status) = KernelErrors.FromFailure(message, "cell 1", null);
        Assert.Equal(CellStatus.SetupError, status);
        Assert.Contains("error NU1101: Unable to find package No.Such.Package", KernelErrors.Summary(error));
    }

    [Fact]
    public void Other_failures_are_kept_as_the_kernel_said_them()
    {
        var (error, status) = KernelErrors.FromFailure("Unrecognized command or argument '--nope'.", "cell 1", null);
        Assert.Equal((CellStatus.RuntimeError, "Error", "Unrecognized command or argument '--nope'."), (status, error.Name, error.Value));
    }

    [Fact]
    public void Compiled_lines_map_to_cell_lines_only_when_they_come_from_the_cell()
    {
        var map = CompiledLines.Map("a\nc", "#!time\na\n#r \"x.dll\"\nc")!;
        Assert.Equal([2, 4], new[] { 1, 2 }.Select(map));
        Assert.Null(CompiledLines.Map("something else", "a\nb"));
        Assert.Null(CompiledLines.Map(null, "a"));
    }
}
