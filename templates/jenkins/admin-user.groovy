// Managed by microblog-workload (templates/jenkins/admin-user.groovy).
// Runs at every Jenkins start (init.groovy.d, core Jenkins, no plugin needed): makes sure the admin user
// exists with the password from the systemd credential, and that only logged-in users can do anything.
import jenkins.model.Jenkins
import hudson.security.HudsonPrivateSecurityRealm
import hudson.security.FullControlOnceLoggedInAuthorizationStrategy

def credentials = System.getenv("CREDENTIALS_DIRECTORY")
if (credentials == null) {
    throw new IllegalStateException("no systemd credentials: the admin password credential is missing")
}
def password = new File(credentials, "jenkins-admin-password").text.trim()
def jenkins = Jenkins.get()

def realm = jenkins.getSecurityRealm()
if (!(realm instanceof HudsonPrivateSecurityRealm)) {
    realm = new HudsonPrivateSecurityRealm(false)
    jenkins.setSecurityRealm(realm)
}
def user = realm.getUser("{{ admin_user }}")
if (user == null) {
    realm.createAccount("{{ admin_user }}", password)
} else {
    user.addProperty(HudsonPrivateSecurityRealm.Details.fromPlainPassword(password))
}

def strategy = new FullControlOnceLoggedInAuthorizationStrategy()
strategy.setAllowAnonymousRead(false)
jenkins.setAuthorizationStrategy(strategy)
jenkins.save()
