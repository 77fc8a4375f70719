namespace Workload.Resources;

/// <summary>A resource whose change a service must follow (a reload or restart), recorded as a marker on the host.</summary>
public abstract class NotifyingResource : Resource
{
    private readonly List<string> _markers = [];

    /// <summary>The markers to touch on the host before this resource's change is made.</summary>
    protected IReadOnlyList<string> MarkersToTouch => _markers;

    public void AddMarker(string marker)
    {
        if (!_markers.Contains(marker))
        {
            _markers.Add(marker);
        }
    }
}
