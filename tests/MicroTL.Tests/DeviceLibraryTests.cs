// The device library touches no operating system (DESIGN.md): it references no file, directory,
// stream, process or environment API, and declares no native (P/Invoke) method. Checked on the
// compiled assembly's metadata, so a reference cannot hide behind an alias or a fully qualified name.
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MicroTL.Store;

namespace MicroTL.Tests;

public class DeviceLibraryTests
{
    private static readonly string[] ForbiddenNamespaces = ["System.IO", "System.Net", "System.Diagnostics.Process"];
    private static readonly string[] ForbiddenTypes = ["System.Diagnostics.Process", "System.Environment", "System.Runtime.InteropServices.DllImportAttribute",
        "System.Runtime.InteropServices.LibraryImportAttribute", "System.Runtime.InteropServices.NativeLibrary", "Microsoft.Win32.SafeHandles.SafeFileHandle"];

    [Fact]
    public void MicroTL_ReferencedTypes_IncludeNoFileProcessOrNativeApi()
    {
        using var stream = File.OpenRead(typeof(FeatureStore).Assembly.Location);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();

        var forbidden = new List<string>();
        foreach (TypeReferenceHandle handle in metadata.TypeReferences)
        {
            TypeReference type = metadata.GetTypeReference(handle);
            string ns = metadata.GetString(type.Namespace), name = $"{ns}.{metadata.GetString(type.Name)}";
            if (ForbiddenNamespaces.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)) || ForbiddenTypes.Contains(name))
                forbidden.Add(name);
        }
        foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
        {
            MethodDefinition method = metadata.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0) forbidden.Add($"P/Invoke {metadata.GetString(method.Name)}");
        }

        Assert.True(forbidden.Count == 0, "The device library references: " + string.Join(", ", forbidden.Distinct()));
    }
}
