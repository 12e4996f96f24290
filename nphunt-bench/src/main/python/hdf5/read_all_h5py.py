import h5py, sys, time, resource
t=time.time(); c0=time.process_time()
with h5py.File(sys.argv[1],'r') as f: a=f['Particles'][:]
print(f"h5py: {a.shape[0]} events in {time.time()-t:.2f} s wall, {time.process_time()-c0:.2f} s CPU")
