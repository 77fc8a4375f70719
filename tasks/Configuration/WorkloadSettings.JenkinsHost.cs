namespace Workload.Configuration;

/// <summary>Settings of the Jenkins host: Jenkins, Python, the app, nginx, gunicorn, the node exporter.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("Jenkins", "Java runtime package installed before Jenkins; unset: chosen per host for the Jenkins it gets (Java 21 since 2.555.1): the distribution's openjdk package where it has one, else Eclipse Temurin's (temurin-21-jre). A package named temurin-* comes from Temurin's repository.")]
    [Format(ValueFormat.DebianPackage)]
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

    [Setting("Jenkins", "URL of the Jenkins apt repository's signing key (jenkins.io-2026.key since LTS 2.541.1). Checked 2026-11-28 against jenkins.io/doc/book/installing/linux/ and pkg.jenkins.io/debian-stable/.")]
    [Format(ValueFormat.Url)]
    public string JenkinsKeyUrl { get; init; } = "https://pkg.jenkins.io/debian-stable/jenkins.io-2026.key";

    [Setting("Jenkins", "OpenPGP fingerprint the Jenkins key must have; any other key is refused. Checked 2026-11-28: the primary fingerprint of jenkins.io-2026.key (pkg.jenkins.io; voxpupuli/puppet-jenkins pins the same).")]
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
    [Format(ValueFormat.LoginName)]
    public string JenkinsAdminUser { get; init; } = "admin";

    [Setting("Jenkins", "Plugins to install (NAME or NAME:VERSION), with Jenkins' plugin installation manager; empty: none.")]
    [Format(ValueFormat.JenkinsPlugin)]
    public List<string> JenkinsPlugins { get; init; } = [];

    [Setting("Jenkins", "URL of the plugin installation manager tool's jar (jenkinsci/plugin-installation-manager-tool releases). Checked 2026-11-28: 2.15.0 (2026-05-08) is the newest release, the one Jenkins' official images install (jenkinsci/docker).")]
    [Format(ValueFormat.Url)]
    public string JenkinsPluginManagerUrl { get; init; } = "https://github.com/jenkinsci/plugin-installation-manager-tool/releases/download/2.15.0/jenkins-plugin-manager-2.15.0.jar";

    [Setting("Jenkins", "SHA-256 the plugin manager's jar must have (it runs on the host); unset: the SHA-256 its release publishes beside it (jenkinsPluginManagerUrl + .sha256), which is how Jenkins' official images check it.")]
    [Format(ValueFormat.Sha256)]
    public string? JenkinsPluginManagerSha256 { get; init; }

    [Setting("Jenkins", "Update center the plugin manager resolves plugins from; unset: Jenkins' own.")]
    [Format(ValueFormat.Url)]
    public string? JenkinsUpdateCenterUrl { get; init; }

    [Setting("Jenkins pipeline", "Name of the multibranch pipeline job over appRepository (what Jenkins accepts: no ? * / \\ % ! @ # $ ^ & | < > [ ] : ;).")]
    [Format(ValueFormat.JenkinsName)]
    public string JenkinsJobName { get; init; } = "microblog";

    [Setting("Jenkins pipeline", "How often Jenkins scans appRepository for branches and new commits, as Jenkins' periodic folder trigger writes it: 1m to 30d, such as 15m, 1h, 1d.")]
    [Format(ValueFormat.ScanInterval)]
    public string JenkinsScanInterval { get; init; } = "1d";

    [Setting("Jenkins pipeline", "ID of a Jenkins credential the job uses to read a private appRepository; unset: the repository is read anonymously.")]
    [Format(ValueFormat.JenkinsId)]
    public string? JenkinsRepositoryCredentialsId { get; init; }

    [Setting("Jenkins pipeline", "User name of that credential; with jenkinsRepositoryPassword the tool creates it (username with password); without, it must exist in Jenkins.")]
    [Format(ValueFormat.LoginName)]
    public string? JenkinsRepositoryUser { get; init; }

    [Setting("Jenkins pipeline", "Password or access token of that credential (a secret: environment only).")]
    [Secret]
    public Secret? JenkinsRepositoryPassword { get; init; }

    [Setting("Jenkins pipeline", "OWASP Dependency-Check version of the DP-Check tool (12.1.0 or later: older releases can no longer read the NVD).")]
    [Format(ValueFormat.Version)]
    public string JenkinsDependencyCheckVersion { get; init; } = "12.1.0";

    [Setting("Jenkins pipeline", "Base URL of Dependency-Check releases: {base}/v{version}/dependency-check-{version}-release.zip.")]
    [Format(ValueFormat.Url)]
    public string JenkinsDependencyCheckBaseUrl { get; init; } = "https://github.com/dependency-check/DependencyCheck/releases/download";

    [Setting("Jenkins pipeline", "SHA-256 the release zip must have (the scanner runs on the Jenkins host); unset: the tool's own pin for the default version (12.1.0: 0e5ba6ae…0532, checked 2026-11-28 against Homebrew's dependency-check formula for that release); required for any other version.")]
    [Format(ValueFormat.Sha256)]
    public string? JenkinsDependencyCheckSha256 { get; init; }

    [Setting("Jenkins pipeline", "Seconds to wait for the first build of the tracked branch (the first OWASP scan downloads the NVD: minutes with a key, hours without).")]
    [Range(60, 86400)]
    public int JenkinsFirstBuildTimeoutSeconds { get; init; } = 3600;

    [Setting("Python", "URL of the deadsnakes PPA's signing key (used on Ubuntu when its own archive lacks pythonVersion). Checked 2026-11-28: Ubuntu's keyserver by the fingerprint below, as public setups fetch it.")]
    [Format(ValueFormat.Url)]
    public string DeadsnakesKeyUrl { get; init; } = "https://keyserver.ubuntu.com/pks/lookup?op=get&search=0xF23C5A6CF475977595C89F51BA6932366A755776";

    [Setting("Python", "OpenPGP fingerprint of the deadsnakes PPA key. Checked 2026-11-28: the fingerprint public setups pin for ppa:deadsnakes (Launchpad's PPA page itself could not be read from here).")]
    [Format(ValueFormat.PgpFingerprint)]
    public string DeadsnakesKeyFingerprint { get; init; } = "F23C5A6CF475977595C89F51BA6932366A755776";

    [Setting("Python", "The deadsnakes PPA repository.")]
    [Format(ValueFormat.Url)]
    public string DeadsnakesRepositoryUrl { get; init; } = "https://ppa.launchpadcontent.net/deadsnakes/ppa/ubuntu";

    [Setting("App", "Git repository of the app, cloned on the host (unless app names a local checkout).")]
    [Format(ValueFormat.GitRepository)]
    public string AppRepository { get; init; } = "https://github.com/kura-labs-org/C5-Deployment-Workload-3.git";

    [Setting("App", "Branch, tag or commit of appRepository to deploy.")]
    [Format(ValueFormat.GitRef)]
    public string AppRef { get; init; } = "main";

    [Setting("App", "Directory of the app on the host: its code, its venv, and where the Jenkins pipeline deploys.")]
    [Format(ValueFormat.HostPath)]
    public string AppDirectory { get; init; } = "/srv/microblog";

    [Setting("App", "The user that owns the app and runs gunicorn (the workload's: jenkins, so the pipeline can deploy).")]
    [Format(ValueFormat.AccountName)]
    public string AppUser { get; init; } = "jenkins";

    [Setting("App", "Environment file with the app's settings (SECRET_KEY, DATABASE_URL), readable only by appUser.")]
    [Format(ValueFormat.HostPath)]
    public string AppEnvironmentFile { get; init; } = "/etc/microblog/microblog.env";

    [Setting("App", "DATABASE_URL of the app; unset: SQLite in appDirectory/app.db.")]
    [Format(ValueFormat.DatabaseUrl)]
    public string? DatabaseUrl { get; init; }

    [Setting("App", "Python packages installed into the venv besides requirements.txt (the workload's Build stage adds these).")]
    [Format(ValueFormat.PipRequirement)]
    public List<string> AppExtraPackages { get; init; } = ["gunicorn", "pymysql", "cryptography"];

    [Setting("App", "Debian packages the app needs on the host (with venvSystemSitePackages, they can stand in for PyPI).")]
    [Format(ValueFormat.DebianPackage)]
    public List<string> AppSystemPackages { get; init; } = [];

    [Setting("Nginx", "server_name of the nginx site (_ answers any name).")]
    [Format(ValueFormat.ServerNames)]
    public string NginxServerName { get; init; } = "_";

    [Setting("Gunicorn", "Address gunicorn binds to; nginx is its only client.")]
    [Format(ValueFormat.ListenAddress)]
    public string GunicornBind { get; init; } = "127.0.0.1:5000";

    [Setting("Gunicorn", "Gunicorn worker processes.")]
    [Range(1, 64)]
    public int GunicornWorkers { get; init; } = 4;

    [Setting("Node exporter", "node_exporter version (the workload used 1.6.0). Checked 2026-11-28 against github.com/prometheus/node_exporter's CHANGELOG and tags: 1.12.1 (2026-07-14) is the newest release; the default is still 1.11.1.")]
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
