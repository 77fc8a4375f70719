namespace Workload.Resources;

/// <summary>
/// A follow-up declared once, by the one who follows: when <paramref name="Source"/> changes, <paramref name="Marker"/>
/// is recorded on the host (before the change), and the service that reads the marker restarts or reloads, in this
/// run or the next one. <see cref="HostPlanner"/> resolves them before planning.
/// </summary>
public sealed record Notification(Resource Source, string Marker)
{
    /// <summary>Gives each source among <paramref name="resources"/> the markers the others declared on it.</summary>
    public static void Resolve(IEnumerable<Resource> resources)
    {
        foreach (var notification in resources.SelectMany(r => r.Notifications))
        {
            if (notification.Source is not NotifyingResource source)
            {
                throw new InvalidOperationException($"{notification.Source.Description} cannot record {notification.Marker}: it is not a resource whose changes notify.");
            }

            source.AddMarker(notification.Marker);
        }
    }
}

/// <summary>A resource whose change a service must follow (a reload or restart), recorded as a marker on the host.</summary>
public abstract class NotifyingResource : Resource
{
    private readonly List<string> _markers = [];

    /// <summary>The markers to touch on the host before this resource's change is made.</summary>
    protected IReadOnlyList<string> MarkersToTouch => _markers;

    /// <summary>Records <paramref name="marker"/> with this resource's change (the planner does, from the <see cref="Notification"/>s).</summary>
    public void AddMarker(string marker)
    {
        if (!_markers.Contains(marker))
        {
            _markers.Add(marker);
        }
    }
}
