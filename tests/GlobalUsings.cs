// What nearly every test imports: xunit, the platform attribute of the tests that need Linux, the testbed that boots
// real hosts, and the settings. Imports particular to a test stay in its file.
global using System.Runtime.Versioning;
global using Workload.Configuration;
global using Workload.Tests.Testbed;
global using Xunit;
