// The Helpline Android library, built on its own: `cargo xtask android --release`, then
// `gradle assembleRelease` (or `publishToMavenLocal`) in this directory.
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
        google()
        mavenCentral()
    }
}

rootProject.name = "helpline-android"

// The UI kit, published beside the SDK (see ui/build.gradle.kts).
include(":ui")
