using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookRunner.Display;
using NotebookRunner.Notebook;
using NotebookRunner.NuGet;
using NotebookRunner.Planning;

namespace NotebookRunner.Scripting;

/// <summary>Where a kernel runs and caches.</summary>
/// <param name="WorkingDirectory">The notebook's folder: relative #r, #load and #i paths start here.</param>
public sealed record KernelSettings(string WorkingDirectory)
{
    /// <summary>Where restored package sets are remembered.</summary>
    public string CacheFolder { get; init; } = PackageRestorer.DefaultCacheFolder();
}

/// <summary>How one cell went.</summary>
/// <param name="Summary">For failures, one line saying what went wrong.</param>
public sealed record CellOutcome(CellStatus Status, TimeSpan CompileTime, TimeSpan RunTime, string? Summary);

/// <summary>
/// Runs C# cells the way the Polyglot C# kernel does: Roslyn scripting, one state carried from cell to
/// cell (kept after a runtime error), the kernel's default imports and the latest language version.
/// </summary>
/// <remarks>
/// While a kernel exists, Console output of the whole process (background threads included) goes to the
/// running cell's outputs. Run one kernel per process.
/// </remarks>
public sealed class CSharpKernel : IDisposable
{
    static readonly string[] DefaultImports =
    [
        "System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq",
        typeof(DisplayExtensions).Namespace!,
    ];

    static readonly Lazy<ImmutableArray<MetadataReference>> DefaultReferences = new(CreateDefaultReferences);

    readonly KernelSettings settings;
    readonly OutputChannel channel;
    readonly ScriptGlobals globals;
    readonly PackageRestorer restorer;
    readonly AssemblyResolver resolver = AssemblyResolver.Shared;
    readonly List<MetadataReference> references = [.. DefaultReferences.Value];
    readonly HashSet<string> referencedNames;
    readonly List<PackageRequest> packages = [];
    readonly List<string> sources = [];
    readonly TextWriter originalOut;
    readonly TextWriter originalError;
    readonly TextReader originalIn;
    ScriptState<object>? state;

    public CSharpKernel(KernelSettings settings, IKernelEventSink sink)
    {
        this.settings = settings;
        channel = new OutputChannel(sink);
        var surface = new DisplaySurface(channel);
        DisplaySurface.Current = surface;
        globals = new ScriptGlobals(surface);
        restorer = new PackageRestorer(settings.CacheFolder, message => channel.Emit(new LogEvent(message)));
        referencedNames = new HashSet<string>(
            references.OfType<PortableExecutableReference>().Select(r => Path.GetFileNameWithoutExtension(r.FilePath!)),
            StringComparer.OrdinalIgnoreCase);

        originalOut = Console.Out;
        originalError = Console.Error;
        originalIn = Console.In;
        Console.SetOut(new CapturingWriter(channel, StreamOutput.StandardOutput));
        Console.SetError(new CapturingWriter(channel, StreamOutput.StandardError));
        // Nobody can type into a headless run; reading input ends at once instead of hanging.
        Console.SetIn(TextReader.Null);
        // A cell may end the process (Environment.Exit); what it printed just before must not be lost.
        AppDomain.CurrentDomain.ProcessExit += FlushOnExit;
    }

    void FlushOnExit(object? sender, EventArgs e) => channel.Flush();

    /// <summary>Compiles and runs one cell, reporting its outputs to the sink.</summary>
    /// <param name="executionCount">The count shown next to the cell's result.</param>
    /// <param name="label">How messages name the cell, e.g. "cell 3".</param>
    public async Task<CellOutcome> RunCellAsync(int executionCount, string label, string source, CancellationToken cancellation = default)
    {
        var wall = Stopwatch.StartNew();
        var cell = CellSource.Parse(source);
        var outcome = await RunParsedAsync(executionCount, label, cell, cancellation);
        if (cell.Directives.Any(d => d.Kind == DirectiveKind.Time))
            channel.Emit(new OutputEvent(new DisplayOutput(MimeBundle.Of("text/plain", $"Wall time: {wall.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms"), null)));
        channel.Flush();
        return outcome;
    }

    async Task<CellOutcome> RunParsedAsync(int executionCount, string label, CellSource cell, CancellationToken cancellation)
    {
        var setupProblem = await ApplyDirectivesAsync(label, cell.Directives, cancellation);
        if (setupProblem != null)
        {
            channel.Emit(new OutputEvent(ErrorOutputs.Setup(setupProblem)));
            return new CellOutcome(CellStatus.SetupError, TimeSpan.Zero, TimeSpan.Zero, setupProblem.Split('\n')[0]);
        }

        var options = Options(label);
        // ContinueWith + Compile + RunFromAsync is what ScriptState.ContinueWithAsync does in one call;
        // doing it in steps separates compile errors from runtime errors and times each.
        var script = state == null
            ? CSharpScript.Create<object>(cell.Code, options, typeof(ScriptGlobals))
            : state.Script.ContinueWith<object>(cell.Code, options);
        var compileClock = Stopwatch.StartNew();
        var errors = script.Compile(cancellation).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var compileTime = compileClock.Elapsed;
        if (errors.Count > 0)
        {
            var error = ErrorOutputs.FromDiagnostics(label, errors);
            channel.Emit(new OutputEvent(error));
            return new CellOutcome(CellStatus.CompileError, compileTime, TimeSpan.Zero, error.Traceback[0]);
        }

        var runClock = Stopwatch.StartNew();
        try
        {
            state = state == null
                ? await script.RunAsync(globals, _ => true, cancellation)
                : await script.RunFromAsync(state, _ => true, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(e, compileTime, runClock.Elapsed);
        }
        var runTime = runClock.Elapsed;
        if (state.Exception != null) return Failed(state.Exception, compileTime, runTime);

        if (HasReturnValue(script.GetCompilation(), label) && state.ReturnValue is not DisplayHandle)
        {
            try
            {
                var value = ValueFormatter.Format(state.ReturnValue, []);
                channel.Emit(new OutputEvent(new ResultOutput(value, executionCount)));
            }
            catch (Exception e)
            {
                return Failed(e, compileTime, runTime);
            }
        }
        return new CellOutcome(CellStatus.Succeeded, compileTime, runTime, null);
    }

    /// <summary>
    /// True when the cell ends in an expression without a semicolon whose type is not void: its value is the
    /// cell's result. (Roslyn knows this too, but only internally.)
    /// </summary>
    static bool HasReturnValue(Compilation compilation, string label)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault(t => t.FilePath == label);
        if (tree == null) return false;
        if (tree.GetCompilationUnitRoot().Members.LastOrDefault() is not GlobalStatementSyntax
            {
                Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true, Expression: var expression },
            })
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(expression).Type;
        return type != null && type.SpecialType != SpecialType.System_Void;
    }

    CellOutcome Failed(Exception exception, TimeSpan compileTime, TimeSpan runTime)
    {
        var error = ErrorOutputs.FromException(exception, settings.WorkingDirectory);
        channel.Emit(new OutputEvent(error));
        return new CellOutcome(CellStatus.RuntimeError, compileTime, runTime, $"{error.Name}: {error.Value.Split('\n')[0]}");
    }

    ScriptOptions Options(string label) => ScriptOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithImports(DefaultImports)
        .WithReferences(references)
        .WithMetadataResolver(new NotebookMetadataResolver(settings.WorkingDirectory, resolver))
        .WithSourceResolver(new SourceFileResolver([], settings.WorkingDirectory))
        .WithFilePath(label)
        .WithFileEncoding(Encoding.UTF8)
        .WithEmitDebugInformation(true)
        // Debug builds tell the JIT not to optimize, which makes training loops in cells several times slower.
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithAllowUnsafe(true);

    /// <summary>Applies #i, #r "nuget:" and #r "path" lines; returns a problem to report, or null.</summary>
    async Task<string?> ApplyDirectivesAsync(string label, IReadOnlyList<Directive> directives, CancellationToken cancellation)
    {
        foreach (var d in directives)
        {
            switch (d.Kind)
            {
                case DirectiveKind.OtherKernel:
                    return $"{label}, line {d.Line}: #!{d.Argument} switches to the {KernelNames.DisplayName(d.Argument)} kernel; this runner runs only C#";
                case DirectiveKind.UnknownMagic:
                    return $"{label}, line {d.Line}: unknown magic command #!{d.Argument}";
                case DirectiveKind.UnsupportedInclude:
                    return $"{label}, line {d.Line}: #i \"{d.Argument}\" is not supported; use #i \"nuget: <package source>\"";
                case DirectiveKind.NuGetSource:
                    var source = d.Source;
                    if (source.Length == 0) return $"{label}, line {d.Line}: #i \"nuget:\" names no package source";
                    if (!source.Contains("://", StringComparison.Ordinal)) source = Path.GetFullPath(source, settings.WorkingDirectory);
                    if (!sources.Contains(source)) sources.Add(source);
                    break;
            }
        }

        var added = new List<PackageRequest>();
        foreach (var d in directives.Where(d => d.Kind == DirectiveKind.NuGetReference))
        {
            var (id, version) = d.Package;
            if (id.Length == 0) return $"{label}, line {d.Line}: #r \"{d.Argument}\" names no package";
            var existing = packages.Concat(added).FirstOrDefault(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
            if (existing == null) added.Add(new PackageRequest(id, version));
            else if (version.Length > 0 && existing.Version != version)
                return $"{label}, line {d.Line}: {id} is already referenced at version {(existing.Version.Length == 0 ? "latest" : existing.Version)}; a notebook can load only one version of a package";
        }
        if (added.Count > 0)
        {
            RestoredPackages restored;
            try
            {
                restored = await restorer.RestoreAsync([.. packages, .. added], sources, cancellation);
            }
            catch (PackageRestoreException e)
            {
                var line = directives.First(d => d.Kind == DirectiveKind.NuGetReference).Line;
                return $"{label}, line {line}: {e.Message}";
            }
            packages.AddRange(added);
            AddRestored(restored);
        }

        foreach (var d in directives.Where(d => d.Kind == DirectiveKind.AssemblyReference))
        {
            var path = Path.GetFullPath(d.Argument, settings.WorkingDirectory);
            if (File.Exists(path)) AddReference(path);
            // `#r "System.Net.Http"` names a framework assembly, which every cell references already.
            else if (!referencedNames.Contains(d.Argument))
                return $"{label}, line {d.Line}: assembly not found: {d.Argument} (looked for {path})";
        }
        return null;
    }

    void AddRestored(RestoredPackages restored)
    {
        foreach (var path in restored.RuntimeAssemblies) resolver.AddAssembly(path);
        foreach (var path in restored.NativeLibraries) resolver.AddNativeLibrary(path);
        foreach (var path in restored.CompileAssemblies)
        {
            // A package's copy of an assembly the runtime or the runner already has (System.Text.Json, ...)
            // would clash with it; the one already there wins, as in the kernel.
            if (referencedNames.Add(Path.GetFileNameWithoutExtension(path))) references.Add(MetadataReference.CreateFromFile(path));
        }
    }

    void AddReference(string path)
    {
        resolver.AddAssembly(path);
        if (referencedNames.Add(Path.GetFileNameWithoutExtension(path))) references.Add(MetadataReference.CreateFromFile(path));
    }

    /// <summary>The shared framework, plus the runner's display API and the formatting library the kernel provides.</summary>
    static ImmutableArray<MetadataReference> CreateDefaultReferences()
    {
        var runtimeDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory()).TrimEnd(Path.DirectorySeparatorChar);
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDirectory, StringComparison.Ordinal));
        string[] provided = [typeof(ScriptGlobals).Assembly.Location, typeof(Formatter).Assembly.Location, typeof(IHtmlContent).Assembly.Location];
        return [.. platform.Concat(provided).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= FlushOnExit;
        channel.Flush();
        Console.SetOut(originalOut);
        Console.SetError(originalError);
        Console.SetIn(originalIn);
        DisplaySurface.Current = null;
        channel.Dispose();
    }
}

/// <summary>Resolves `#r` lines of `#load`ed scripts like Roslyn does, but loads the files into the default context.</summary>
sealed class NotebookMetadataResolver(string baseDirectory, AssemblyResolver resolver) : MetadataReferenceResolver
{
    readonly ScriptMetadataResolver inner = ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory);

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        var resolved = inner.ResolveReference(reference, baseFilePath, properties);
        foreach (var r in resolved)
            if (r.FilePath != null) resolver.AddAssembly(r.FilePath);
        return resolved;
    }

    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        inner.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other) => other is NotebookMetadataResolver r && r.inner.Equals(inner);

    public override int GetHashCode() => inner.GetHashCode();
}
