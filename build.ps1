dotnet run --project "$PSScriptRoot/build/Build.csproj" -- $args; exit $LASTEXITCODE
