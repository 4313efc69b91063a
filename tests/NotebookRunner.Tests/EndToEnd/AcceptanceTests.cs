using TestSupport;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.Executed;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>A notebook saved by VS Code Polyglot Notebooks, run from the command line as CI does.</summary>
public sealed class AcceptanceTests : IDisposable
{
    /// <summary>Exactly as Polyglot Notebooks writes files (not produced by the runner's own writer).</summary>
    const string PolyglotNotebook = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {},
           "source": [
            "# Acceptance notebook\n",
            "Parameters, packages, a local library, display updates, stderr and a failing cell."
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {
            "dotnet_interactive": {
             "language": "csharp"
            },
            "polyglot_notebook": {
             "kernelName": "csharp"
            },
            "tags": [
             "parameters"
            ]
           },
           "outputs": [],
           "source": [
            "int epochs = 5;\n",
            "string title = \"default\";\n",
            "bool quick = false;"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {
            "dotnet_interactive": {
             "language": "csharp"
            },
            "polyglot_notebook": {
             "kernelName": "csharp"
            }
           },
           "outputs": [],
           "source": [
            "#r \"nuget: Markdig, 1.6.0\"\n",
            "#r \"lib/Greeter.dll\"\n",
            "Console.WriteLine(Greeter.Hello.To(title));\n",
            "Markdig.Markdown.ToHtml(\"**bold**\")"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {
            "dotnet_interactive": {
             "language": "csharp"
            },
            "polyglot_notebook": {
             "kernelName": "csharp"
            }
           },
           "outputs": [],
           "source": [
            "var progress = display(\"epoch 0\");\n",
            "for (int e = 1; e <= epochs; e++)\n",
            "    progress.Update($\"epoch {e} of {epochs}\");\n",
            "new { Epochs = epochs, Quick = quick }.Display();"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {
            "dotnet_interactive": {
             "language": "csharp"
            },
            "polyglot_notebook": {
             "kernelName": "csharp"
            }
           },
           "outputs": [],
           "source": [
            "Console.Error.WriteLine($\"quick mode: {quick}\");\n",
            "progress.Update(\"training finished\");"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {
            "dotnet_interactive": {
             "language": "csharp"
            },
            "polyglot_notebook": {
             "kernelName": "csharp"
            }
           },
           "outputs": [],
           "source": [
            "throw new InvalidOperationException(\"this cell fails on purpose\");"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {
            "dotnet_interactive": {
             "language": "csharp"
            },
            "polyglot_notebook": {
             "kernelName": "csharp"
            }
           },
           "outputs": [],
           "source": [
            "Console.WriteLine(\"after the failure\");"
           ]
          }
         ],
         "metadata": {
          "kernelspec": {
           "display_name": ".NET (C#)",
           "language": "C#",
           "name": ".net-csharp"
          },
          "language_info": {
           "name": "polyglot-notebook"
          },
          "polyglot_notebook": {
           "kernelInfo": {
            "defaultKernelName": "csharp",
            "items": [
             {
              "aliases": [],
              "name": "csharp"
             }
            ]
           }
          }
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """;

    readonly TestFolder folder = new();
    readonly string notebook;

    public AcceptanceTests()
    {
        notebook = folder.Write("course/acceptance.ipynb", PolyglotNotebook);
        TestAssemblies.Compile("Greeter", "namespace Greeter { public static class Hello { public static string To(string name) => $\"Hello, {name}!\"; } }", folder["course/lib/Greeter.dll"]);
    }

    [Fact]
    public void Runs_a_polyglot_notebook_with_documented_results_and_exit_code()
    {
        var before = File.ReadAllBytes(notebook);
        var run = RunnerProcess.Run(folder.Path, "course/acceptance.ipynb", "--out", "executed", "--param", "epochs=3", "--param", "title=Course", "--param", "quick=true");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(before, File.ReadAllBytes(notebook));
        var output = folder["executed/acceptance.ipynb"];
        Nbformat.AssertValid(output);
        var executed = Load(output);

        // Parameters: injected right after the parameters cell, tagged like papermill's.
        var injected = executed.Cells[2];
        Assert.Equal("injected-parameters", injected["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal("// Parameters set on the command line (--param)\nepochs = 3;\ntitle = \"Course\";\nquick = true;", Source(injected));

        // NuGet package and a DLL next to the notebook; the trailing expression is the result.
        var packages = executed.Cell("Markdig");
        Assert.Equal("Hello, Course!\n", Stream(packages, "stdout"));
        var result = Assert.Single(OfType(packages, "execute_result"));
        Assert.Equal("<p><strong>bold</strong></p>\n", Data(result, "text/plain"));
        Assert.Equal(Count(packages), result["execution_count"]!.GetValue<int>());

        // display + Update: one output holding the last value, even when a later cell updated it.
        var shown = OfType(executed.Cell("var progress"), "display_data");
        Assert.Equal(2, shown.Count);
        Assert.Equal("training finished", Data(shown[0], "text/plain"));
        Assert.Contains("Epochs", Data(shown[1], "text/html"));
        Assert.Equal("quick mode: True\n", Stream(executed.Cell("quick mode"), "stderr"));

        // The failing cell, then fail-fast: the last cell did not run.
        var error = Error(executed.Cell("fails on purpose"))!;
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("this cell fails on purpose", error["evalue"]!.GetValue<string>());
        var last = executed.Cell("after the failure");
        Assert.Null(Count(last));
        Assert.Empty(Outputs(last));

        Assert.Equal([1, 2, 3, 4, 5, 6], executed.Cells.Select(Count).OfType<int>());
        Assert.Equal(Load(notebook).Root["metadata"]!.ToJsonString(), executed.Root["metadata"]!.ToJsonString());

        // Progress: a line per cell and a summary.
        Assert.Contains("[   2/7] ok", run.Stderr);
        Assert.Contains("[params] ok", run.Stderr);
        Assert.Contains("[   6/7] error", run.Stderr);
        Assert.Contains("System.InvalidOperationException: this cell fails on purpose", run.Stderr);
        Assert.Contains("acceptance.ipynb: FAILED: cell 6 threw an exception; 5 of 7 cells ok, 1 not run", run.Stderr);
        Assert.DoesNotContain("7/7]", run.Stderr);
    }

    [Fact]
    public void Allow_errors_runs_the_cells_after_a_failure_and_still_exits_with_1()
    {
        var run = RunnerProcess.Run(folder.Path, "course/acceptance.ipynb", "--out", "executed", "--allow-errors");

        Assert.True(run.ExitCode == 1, run.ToString());
        var executed = Load(folder["executed/acceptance.ipynb"]);
        Assert.NotNull(Error(executed.Cell("fails on purpose")));
        Assert.Equal("after the failure\n", Stream(executed.Cell("after the failure"), "stdout"));
        Assert.Equal("Hello, default!\n", Stream(executed.Cell("Markdig"), "stdout"));
        Assert.DoesNotContain(executed.Cells, c => ((string?)c["metadata"]?["tags"]?[0]) == "injected-parameters");
        Assert.Contains("[   7/7] ok", run.Stderr);
        Assert.Contains("FAILED: cell 6 failed; 5 of 6 cells ok, 0 not run", run.Stderr);
    }

    public void Dispose() => folder.Dispose();
}
