// The smallest complete app with Helpline's UI kit: what an app adds to show support.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        // Only for working on the SDK: `gradle -p android publishToMavenLocal` (the release
        // workflow does so) wins over Maven Central for Helpline's own artifacts. An app drops it.
        mavenLocal { content { includeGroup("dev.helpline") } }
        google()
        mavenCentral()
    }
}

rootProject.name = "helpline-example"
include(":app")
