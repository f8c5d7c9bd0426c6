<#-- licenses/THIRD-PARTY.txt in the release archive (license-maven-plugin's add-third-party).
     dependencyMap: entries of (MavenProject, licence names); a project's licences carry the URLs. -->
Third-party software bundled in lib/ of the Axiom release archive, one entry per jar:
its Maven coordinates and name, then each licence as its POM (or a parent POM) declares it,
name and URL. Many jars also carry their licence text under META-INF/ inside the jar.
The data sets embedded in axiom-run's jar are described, with their licences, in licenses/datasets/.
<#list dependencyMap as e>
<#assign p = e.getKey()/>

${p.groupId}:${p.artifactId}:${p.version}  ${p.name!p.artifactId}
<#if p.licenses?has_content>
<#list p.licenses as l>
    licence: ${l.name!"(no name)"}  ${l.url!"(no URL declared)"}
</#list>
<#else>
<#list e.getValue() as name>
    licence: ${name}  (no URL declared)
</#list>
</#if>
</#list>
