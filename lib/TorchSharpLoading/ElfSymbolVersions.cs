// Reads and edits the GNU symbol-versioning tables of a 64-bit little-endian ELF shared library.
//
// This one file serves two builds: the TorchSharpLoading library (which defines TORCHSHARP_LOADING_LIBRARY and
// uses the reader at run time) and the MSBuild inline task in build/TorchSharpNative.targets
// (compiled by RoslynCodeTaskFactory without that symbol, so it also gets the task class at the
// bottom). Keeping both in one file means the build and the notebooks patch in exactly the same way.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace TorchSharpLoading
{
    /// <summary>A symbol version that a library needs from one of its dependencies.</summary>
    public sealed class VersionNeed
    {
        public VersionNeed(string file, string version, bool isWeak) { File = file; Version = version; IsWeak = isWeak; }
        /// <summary>The dependency's file name, e.g. libstdc++.so.6.</summary>
        public string File { get; }
        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; }
        /// <summary>Whether the loader tolerates the version's absence.</summary>
        public bool IsWeak { get; }
        public override string ToString() => $"{File}:{Version}{(IsWeak ? " (weak)" : "")}";
    }

    /// <summary>The outcome of <see cref="ElfSymbolVersions.MarkNeedWeak"/>.</summary>
    public enum WeakenResult
    {
        /// <summary>The requirement was strong and is now weak.</summary>
        Patched,
        /// <summary>The requirement was already weak; nothing changed.</summary>
        AlreadyWeak,
        /// <summary>The library does not need that version at all; nothing changed.</summary>
        NotNeeded,
    }

    /// <summary>Thrown when a file is not an ELF library this reader understands, or is damaged.</summary>
    public sealed class ElfFormatException : Exception
    {
        public ElfFormatException(string message) : base(message) { }
    }

    /// <summary>
    /// GNU symbol versioning (<c>.gnu.version_d</c>, <c>.gnu.version_r</c>) for ELF64 little-endian files.
    /// </summary>
    public static class ElfSymbolVersions
    {
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        /// <summary>VER_FLG_WEAK: the dynamic loader only warns (in verbose mode) when the version is missing.</summary>
        public const ushort VerFlagWeak = 0x2;

        /// <summary>Version names a library defines, e.g. <c>GLIBCXX_3.4.30</c> for libstdc++.</summary>
        public static List<string> ReadDefinedVersions(byte[] elf)
        {
            var result = new List<string>();
            foreach (var (section, strtab) in VersionSections(elf, ShtGnuVerdef))
            {
                long entry = section.Offset;
                for (int i = 0; i < section.Info; i++)
                {
                    ushort auxCount = U16(elf, entry + 6);
                    uint auxOffset = U32(elf, entry + 12);
                    uint next = U32(elf, entry + 16);
                    if (auxCount > 0)
                        result.Add(Str(elf, strtab, U32(elf, entry + auxOffset)));
                    if (next == 0) break;
                    entry += next;
                }
            }
            return result;
        }

        /// <summary>Every (dependency, version) pair a library requires, with its weak flag.</summary>
        public static List<VersionNeed> ReadNeededVersions(byte[] elf)
        {
            var result = new List<VersionNeed>();
            foreach (var aux in NeedEntries(elf))
                result.Add(new VersionNeed(aux.File, aux.Version, (U16(elf, aux.Offset + 4) & VerFlagWeak) != 0));
            return result;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on every requirement of <paramref name="version"/> in the buffer.
        /// Only a flag changes: the file keeps its size and layout.
        /// </summary>
        public static WeakenResult MarkNeedWeak(byte[] elf, string version)
        {
            var result = WeakenResult.NotNeeded;
            foreach (var aux in NeedEntries(elf))
            {
                if (aux.Version != version) continue;
                ushort flags = U16(elf, aux.Offset + 4);
                if ((flags & VerFlagWeak) != 0)
                {
                    if (result == WeakenResult.NotNeeded) result = WeakenResult.AlreadyWeak;
                    continue;
                }
                flags |= VerFlagWeak;
                elf[aux.Offset + 4] = (byte)flags;
                elf[aux.Offset + 5] = (byte)(flags >> 8);
                result = WeakenResult.Patched;
            }
            return result;
        }

        /// <summary>
        /// Copies <paramref name="source"/> to <paramref name="destination"/> with <paramref name="version"/>
        /// marked weak. The destination is written to a temporary file and renamed into place, so a reader
        /// never sees half a library and a hard link to the source is never modified. When source and
        /// destination are the same file and nothing needs changing, nothing is written.
        /// </summary>
        public static WeakenResult WriteWeakenedCopy(string source, string destination, string version)
        {
            var bytes = File.ReadAllBytes(source);
            var result = MarkNeedWeak(bytes, version);
            if (result != WeakenResult.Patched && Path.GetFullPath(source) == Path.GetFullPath(destination))
                return result;
            var dir = Path.GetDirectoryName(Path.GetFullPath(destination))!;
            Directory.CreateDirectory(dir);
            var temp = Path.Combine(dir, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.WriteAllBytes(temp, bytes);
                // File.Replace is a rename over the old file on Unix; the task build (netstandard) has no Move(overwrite).
                if (File.Exists(destination)) File.Replace(temp, destination, null);
                else File.Move(temp, destination);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return result;
        }

        readonly struct Section
        {
            public Section(long offset, long size, uint link, uint info) { Offset = offset; Size = size; Link = link; Info = info; }
            public long Offset { get; }
            public long Size { get; }
            public uint Link { get; }
            public uint Info { get; }
        }

        readonly struct NeedAux
        {
            public NeedAux(long offset, string file, string version) { Offset = offset; File = file; Version = version; }
            public long Offset { get; }
            public string File { get; }
            public string Version { get; }
        }

        static IEnumerable<NeedAux> NeedEntries(byte[] elf)
        {
            var entries = new List<NeedAux>();
            foreach (var (section, strtab) in VersionSections(elf, ShtGnuVerneed))
            {
                long need = section.Offset;
                for (int i = 0; i < section.Info; i++)
                {
                    ushort count = U16(elf, need + 2);
                    string file = Str(elf, strtab, U32(elf, need + 4));
                    long aux = need + U32(elf, need + 8);
                    for (int j = 0; j < count; j++)
                    {
                        entries.Add(new NeedAux(aux, file, Str(elf, strtab, U32(elf, aux + 8))));
                        uint auxNext = U32(elf, aux + 12);
                        if (auxNext == 0) break;
                        aux += auxNext;
                    }
                    uint next = U32(elf, need + 12);
                    if (next == 0) break;
                    need += next;
                }
            }
            return entries;
        }

        static List<(Section Section, Section StringTable)> VersionSections(byte[] elf, uint type)
        {
            if (elf.Length < 4 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new ElfFormatException("not an ELF file (bad magic number)");
            if (elf.Length < 64)
                throw new ElfFormatException($"truncated ELF header ({elf.Length} bytes, need 64)");
            if (elf[4] != 2) throw new ElfFormatException("only 64-bit ELF files are supported");
            if (elf[5] != 1) throw new ElfFormatException("only little-endian ELF files are supported");

            long shoff = (long)U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3a);
            ushort shnum = U16(elf, 0x3c);
            if (shnum == 0) throw new ElfFormatException("the file has no section headers");
            if (shentsize < 64) throw new ElfFormatException($"unexpected section header size {shentsize}");
            Need(elf, shoff, (long)shentsize * shnum, "section header table");

            Section ReadSection(int index)
            {
                long h = shoff + (long)index * shentsize;
                var s = new Section((long)U64(elf, h + 0x18), (long)U64(elf, h + 0x20), U32(elf, h + 0x28), U32(elf, h + 0x2c));
                return s;
            }

            var found = new List<(Section, Section)>();
            for (int i = 0; i < shnum; i++)
            {
                if (U32(elf, shoff + (long)i * shentsize + 4) != type) continue;
                var section = ReadSection(i);
                Need(elf, section.Offset, section.Size, "symbol version section");
                if (section.Link >= shnum) throw new ElfFormatException($"version section links to missing section {section.Link}");
                var strtab = ReadSection((int)section.Link);
                Need(elf, strtab.Offset, strtab.Size, "string table");
                found.Add((section, strtab));
            }
            return found;
        }

        static void Need(byte[] elf, long offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset + length > elf.Length)
                throw new ElfFormatException($"truncated file: the {what} lies beyond its end ({elf.Length} bytes)");
        }

        static ushort U16(byte[] b, long o) { Need(b, o, 2, "data"); return (ushort)(b[o] | b[o + 1] << 8); }
        static uint U32(byte[] b, long o) { Need(b, o, 4, "data"); return (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24); }
        static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        static string Str(byte[] b, Section strtab, uint index)
        {
            long start = strtab.Offset + index;
            long end = start;
            long limit = strtab.Offset + strtab.Size;
            while (end < limit && b[end] != 0) end++;
            if (end >= limit) throw new ElfFormatException("string table entry is not terminated");
            return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
        }
    }

    /// <summary>Finds the C++ runtime the current process uses and what it provides.</summary>
    public static class SystemLibStdCxx
    {
        /// <summary>
        /// Path of the libstdc++ mapped into this process (every .NET host maps it), else the first one
        /// found in the usual library folders; null when there is none (e.g. not Linux).
        /// </summary>
        public static string? FindPath()
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/maps"))
                {
                    int slash = line.IndexOf('/');
                    if (slash >= 0 && line.Contains("/libstdc++.so"))
                        return line.Substring(slash);
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            foreach (var dir in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
            {
                var candidate = Path.Combine(dir, "libstdc++.so.6");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>True when this machine's libstdc++ defines <paramref name="version"/>; true off Linux too.</summary>
        public static bool Provides(string version)
        {
            var path = FindPath();
            if (path == null) return true;
            return ElfSymbolVersions.ReadDefinedVersions(File.ReadAllBytes(path)).Contains(version);
        }
    }

#if !TORCHSHARP_LOADING_LIBRARY
    /// <summary>
    /// MSBuild task: after a build copies libLibTorchSharp.so into the output folder, weaken its
    /// GLIBCXX requirement there when this machine's libstdc++ lacks that version.
    /// </summary>
    public class WeakenLibTorchSharpGlibcxx : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public override bool Execute()
        {
            if (SystemLibStdCxx.Provides(Version)) return true;
            foreach (var item in Libraries)
            {
                var path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                try
                {
                    if (ElfSymbolVersions.WriteWeakenedCopy(path, path, Version) != WeakenResult.Patched) continue;
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"TorchSharp fix: marked {Version} weak in {path} (this machine's libstdc++ lacks it)");
                }
                catch (ElfFormatException e)
                {
                    Log.LogError($"TorchSharp fix: cannot read {path}: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
