// The Makefile of a generated project, written from the same flag lists the C# driver uses
// (CompilerFlags, FirmwareBuildOptions, QemuRunner.Arguments), so a hand build equals the driver's.
using System.Globalization;
using System.Text;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Generation;

internal static class MakefileWriter
{
    public static string Write(FirmwareProject project, FirmwareBuildOptions options)
    {
        var text = new StringBuilder();
        text.Append("# MicroTL firmware project of ").Append(project.Model.Identity.FileName)
            .Append(project.Session is null ? " (the model runner)" : " (a transfer session)").Append(": generated, do not edit.\n");
        text.Append("# The same sources and flags as MicroTL.Firmware's C# driver (FirmwareProject.Compile / Link).\n#\n");
        text.Append("#   make nrf52840   link for the nRF52840 (1 MB flash, 256 KB RAM) to prove the fit: build/nrf52840/firmware.elf\n");
        text.Append("#   make qemu       link for QEMU's mps2-an386 board: build/mps2_an386/firmware.elf\n");
        text.Append(project.Session is null
            ? "#   make run        run that under qemu-system-arm in run/ (reads run/inputs.bin if present, writes the outputs there)\n"
            : "#   make run        run that under qemu-system-arm in run/ (reads run/samples.bin, writes store.bin and the other outputs there)\n");
        text.Append("#   make host       the same program for this machine, with gcc: build/host/").Append(project.ExecutableName).Append('\n');
        text.Append("#   make clean\n\n");
        text.Append("CC = arm-none-eabi-gcc\nHOST_CC = gcc\nQEMU = qemu-system-arm\n\n");
        text.Append("CPU_FLAGS = ").AppendJoin(' ', CompilerFlags.CortexM4F).Append('\n');
        text.Append("CFLAGS = ").AppendJoin(' ', CompilerFlags.Common.Concat(CompilerFlags.Sections).Concat(options.Defines.Select(d => "-D" + d))).Append('\n');
        text.Append("HOST_CFLAGS = ").AppendJoin(' ', CompilerFlags.Common.Concat(options.Defines.Select(d => "-D" + d))).Append('\n');
        text.Append("INCLUDES = ").AppendJoin(' ', project.Runtime.IncludeDirectories(forDevice: true).Concat(project.IncludeDirectories)
            .Select(d => "-I" + Relative(project, d))).Append('\n');
        text.Append("HOST_INCLUDES = ").AppendJoin(' ', project.Runtime.IncludeDirectories(forDevice: false).Concat(project.IncludeDirectories)
            .Select(d => "-I" + Relative(project, d))).Append('\n');
        text.Append("LDFLAGS = ").AppendJoin(' ', CompilerFlags.FirmwareLink)
            .Append(Invariant($" -Lruntime/platform -Wl,--defsym=__stack_size={options.StackBytes} -Wl,--defsym=__heap_min_size={options.HeapMinBytes}\n\n"));
        text.Append("DEVICE_SOURCES = \\\n").Append(SourceList(project, project.DeviceSources)).Append('\n');
        text.Append("HOST_SOURCES = \\\n").Append(SourceList(project, project.HostSources)).Append('\n');
        text.Append("OBJECTS = $(addprefix build/obj/,$(notdir $(DEVICE_SOURCES:.c=.o)))\n");
        text.Append("vpath %.c ").AppendJoin(' ', project.DeviceSources.Select(f => Relative(project, Path.GetDirectoryName(f)!)).Distinct()).Append("\n\n");
        text.Append(".PHONY: all nrf52840 qemu run host clean\n");
        text.Append("all: nrf52840 qemu\n");
        text.Append("nrf52840: build/nrf52840/firmware.elf\n");
        text.Append("qemu: build/mps2_an386/firmware.elf\n");
        text.Append("host: build/host/").Append(project.ExecutableName).Append("\n\n");
        text.Append("build/obj/%.o: %.c\n\t@mkdir -p build/obj\n\t$(CC) $(CPU_FLAGS) $(CFLAGS) $(INCLUDES) -c $< -o $@\n\n");
        foreach ((string folder, string script) in new[] { ("nrf52840", "nrf52840.ld"), ("mps2_an386", "mps2_an386.ld") })
        {
            text.Append(Invariant($"build/{folder}/firmware.elf: $(OBJECTS)\n\t@mkdir -p build/{folder}\n"));
            text.Append(Invariant($"\t$(CC) $(CPU_FLAGS) $(OBJECTS) $(LDFLAGS) -Truntime/platform/{script} -o $@ -lm\n\n"));
        }
        text.Append("build/host/").Append(project.ExecutableName).Append(": $(HOST_SOURCES)\n\t@mkdir -p build/host\n");
        text.Append("\t$(HOST_CC) $(HOST_CFLAGS) $(HOST_INCLUDES) $(HOST_SOURCES) -o $@ -lm\n\n");
        text.Append("run: build/mps2_an386/firmware.elf\n\t@mkdir -p run\n");
        text.Append("\tcd run && $(QEMU) ").AppendJoin(' ', QemuRunner.Arguments("../build/mps2_an386/firmware.elf")).Append("\n\n");
        text.Append("clean:\n\trm -rf build\n");
        return text.ToString();
    }

    private static string SourceList(FirmwareProject project, IEnumerable<string> sources) =>
        string.Join(" \\\n", sources.Select(s => "    " + Path.GetRelativePath(project.Directory, s).Replace('\\', '/'))) + "\n";

    private static string Relative(FirmwareProject project, string path) => Path.GetRelativePath(project.Directory, path).Replace('\\', '/');

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
