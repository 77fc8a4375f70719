namespace Workload.Configuration;

/// <summary>Settings of the Jenkins host: Jenkins, Python, the app, nginx, gunicorn, the node exporter.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("Jenkins", "Java runtime package installed before Jenkins; unset: chosen per host for the Jenkins it gets (Java 21 since 2.555.1): the distribution's openjdk package where it has one, else Eclipse Temurin's (temurin-21-jre). A package named temurin-* comes from Temurin's repository.")]
    public string? JavaPackage { get; init; }

    [Setting("Jenkins", "URL of Eclipse Temurin's apt signing key (used where the distribution has no Java runtime new enough for Jenkins, as on Debian 12).")]
    [Format(ValueFormat.Url)]
    public string TemurinKeyUrl { get; init; } = "https://packages.adoptium.net/artifactory/api/gpg/key/public";

    [Setting("Jenkins", "OpenPGP fingerprint Eclipse Temurin's apt key must have; any other key is refused.")]
    [Format(ValueFormat.PgpFingerprint)]
    public string TemurinKeyFingerprint { get; init; } = "3B04D753C9050D9A5D343F39843C48A565F8F04B";

    [Setting("Jenkins", "Eclipse Temurin's apt repository (suite: the host's codename, component main).")]
    [Format(ValueFormat.Url)]
    public string TemurinRepositoryUrl { get; init; } = "https://packages.adoptium.net/artifactory/deb";

    [Setting("Jenkins", "URL of the Jenkins apt repository's signing key (jenkins.io-2026.key since LTS 2.541.1).")]
    [Format(ValueFormat.Url)]
    public string JenkinsKeyUrl { get; init; } = "https://pkg.jenkins.io/debian-stable/jenkins.io-2026.key";

    [Setting("Jenkins", "OpenPGP fingerprint the Jenkins key must have; any other key is refused.")]
    [Format(ValueFormat.PgpFingerprint)]
    public string JenkinsKeyFingerprint { get; init; } = "5E386EADB55F01504CAE8BCF7198F4B714ABFC68";

    [Setting("Jenkins", "The Jenkins apt repository (flat, suite binary/).")]
    [Format(ValueFormat.Url)]
    public string JenkinsRepositoryUrl { get; init; } = "https://pkg.jenkins.io/debian-stable";

    [Setting("Jenkins", "Port Jenkins listens on.")]
    [Format(ValueFormat.Port)]
    public int JenkinsPort { get; init; } = 8080;

    [Setting("Jenkins", "Seconds to wait for Jenkins to answer /login after it (re)starts.")]
    [Range(10, 3600)]
    public int JenkinsStartTimeoutSeconds { get; init; } = 300;

    [Setting("Jenkins", "Name of the admin user created when jenkinsAdminPassword is set.")]
    public string JenkinsAdminUser { get; init; } = "admin";

    [Setting("Jenkins", "Plugins to install (NAME or NAME:VERSION), with Jenkins' plugin installation manager; empty: none.")]
    public List<string> JenkinsPlugins { get; init; } = [];

    [Setting("Jenkins", "URL of the plugin installation manager tool's jar (jenkinsci/plugin-installation-manager-tool releases).")]
    [Format(ValueFormat.Url)]
    public string JenkinsPluginManagerUrl { get; init; } = "https://github.com/jenkinsci/plugin-installation-manager-tool/releases/download/2.13.2/jenkins-plugin-manager-2.13.2.jar";

    [Setting("Jenkins", "SHA-256 of that jar; required when jenkinsPlugins is set (the jar runs on the host).")]
    [Format(ValueFormat.Sha256)]
    public string? JenkinsPluginManagerSha256 { get; init; }

    [Setting("Jenkins", "Update center the plugin manager resolves plugins from; unset: Jenkins' own.")]
    [Format(ValueFormat.Url)]
    public string? JenkinsUpdateCenterUrl { get; init; }

    [Setting("Python", "URL of the deadsnakes PPA's signing key (used on Ubuntu when its own archive lacks pythonVersion).")]
    [Format(ValueFormat.Url)]
    public string DeadsnakesKeyUrl { get; init; } = "https://keyserver.ubuntu.com/pks/lookup?op=get&search=0xF23C5A6CF475977595C89F51BA6932366A755776";

    [Setting("Python", "OpenPGP fingerprint of the deadsnakes PPA key.")]
    [Format(ValueFormat.PgpFingerprint)]
    public string DeadsnakesKeyFingerprint { get; init; } = "F23C5A6CF475977595C89F51BA6932366A755776";

    [Setting("Python", "The deadsnakes PPA repository.")]
    [Format(ValueFormat.Url)]
    public string DeadsnakesRepositoryUrl { get; init; } = "https://ppa.launchpadcontent.net/deadsnakes/ppa/ubuntu";

    [Setting("App", "Git repository of the app, cloned on the host (unless app names a local checkout).")]
    public string AppRepository { get; init; } = "https://github.com/kura-labs-org/C5-Deployment-Workload-3.git";

    [Setting("App", "Branch, tag or commit of appRepository to deploy.")]
    public string AppRef { get; init; } = "main";

    [Setting("App", "Directory of the app on the host: its code, its venv, and where the Jenkins pipeline deploys.")]
    public string AppDirectory { get; init; } = "/srv/microblog";

    [Setting("App", "The user that owns the app and runs gunicorn (the workload's: jenkins, so the pipeline can deploy).")]
    public string AppUser { get; init; } = "jenkins";

    [Setting("App", "Environment file with the app's settings (SECRET_KEY, DATABASE_URL), readable only by appUser.")]
    public string AppEnvironmentFile { get; init; } = "/etc/microblog/microblog.env";

    [Setting("App", "DATABASE_URL of the app; unset: SQLite in appDirectory/app.db.")]
    public string? DatabaseUrl { get; init; }

    [Setting("App", "Python packages installed into the venv besides requirements.txt (the workload's Build stage adds these).")]
    public List<string> AppExtraPackages { get; init; } = ["gunicorn", "pymysql", "cryptography"];

    [Setting("App", "Debian packages the app needs on the host (with venvSystemSitePackages, they can stand in for PyPI).")]
    public List<string> AppSystemPackages { get; init; } = [];

    [Setting("Nginx", "server_name of the nginx site (_ answers any name).")]
    public string NginxServerName { get; init; } = "_";

    [Setting("Gunicorn", "Address gunicorn binds to; nginx is its only client.")]
    [Format(ValueFormat.ListenAddress)]
    public string GunicornBind { get; init; } = "127.0.0.1:5000";

    [Setting("Gunicorn", "Gunicorn worker processes.")]
    [Range(1, 64)]
    public int GunicornWorkers { get; init; } = 4;

    [Setting("Node exporter", "node_exporter version (the workload used 1.6.0; 1.11.1 is current).")]
    [Format(ValueFormat.Version)]
    public string NodeExporterVersion { get; init; } = "1.11.1";

    [Setting("Node exporter", "Base URL of node_exporter releases: {base}/v{version}/node_exporter-{version}.linux-{arch}.tar.gz and sha256sums.txt.")]
    [Format(ValueFormat.Url)]
    public string NodeExporterBaseUrl { get; init; } = "https://github.com/prometheus/node_exporter/releases/download";

    [Setting("Node exporter", "Pinned SHA-256 of the node_exporter tarball; unset: taken from the release's sha256sums.txt.")]
    [Format(ValueFormat.Sha256)]
    public string? NodeExporterSha256 { get; init; }

    [Setting("Node exporter", "Address node_exporter listens on (the monitoring host scrapes it on the private address).")]
    [Format(ValueFormat.ListenAddress)]
    public string NodeExporterListenAddress { get; init; } = ":9100";

    [Setting("Node exporter", "CPU architecture of the release tarballs.")]
    [OneOf("amd64", "arm64")]
    public string Architecture { get; init; } = "amd64";
}
